import { z } from 'zod';
import { parseRate } from '../domain/testdrive/quota';

/**
 * Every setting the app reads, by its app-setting name (the names `infra/` writes in Azure and
 * the local launcher writes for the stand-ins). Read once, validated, and never from
 * `process.env` anywhere else: a missing or malformed setting fails at start with its name.
 */
const booleanSetting = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** A quota rate `<count>/<n><s|m|h|d>` (e.g. `10/1d`): at most count per sliding window of that length. */
const rateSetting = z
  .string()
  .trim()
  .refine((v) => parseRate(v) !== undefined, 'must be <count>/<n><s|m|h|d>, e.g. 10/1d')
  .transform((v) => parseRate(v) as { limit: number; windowSeconds: number });

export const configSchema = z.object({
  /** Cosmos DB account endpoint, e.g. https://<account>.documents.azure.com:443/ */
  COSMOS_ENDPOINT: z.url(),
  /** Account key: local stand-in only. Absent in Azure, where the managed identity is used. */
  COSMOS_KEY: z.string().min(1).optional(),
  COSMOS_DATABASE: z.string().min(1).default('marketplace'),

  /** Blob endpoint of the assets storage account, e.g. https://<account>.blob.core.windows.net */
  ASSETS_BLOB_ENDPOINT: z.url(),
  /** Shared-key connection string: local stand-in only (shared keys are off in Azure). */
  ASSETS_STORAGE_CONNECTION_STRING: z.string().min(1).optional(),

  /** Azure Communication Services endpoint, e.g. https://<resource>.communication.azure.com */
  EMAIL_ENDPOINT: z.url(),
  /** ACS connection string with an access key: local inbox only. */
  EMAIL_CONNECTION_STRING: z.string().min(1).optional(),
  EMAIL_SENDER_ADDRESS: z.email(),

  /**
   * Publisher authentication (bearer JWT). The token's `iss` must equal AUTH_ISSUER and its `aud`
   * AUTH_AUDIENCE; signatures are checked against the keys at AUTH_JWKS_URL (Microsoft Entra ID in
   * Azure, the local issuer served by the dev host locally).
   */
  AUTH_ISSUER: z.string().min(1),
  AUTH_AUDIENCE: z.string().min(1),
  AUTH_JWKS_URL: z.url(),
  /** Name of the claim carrying the publisher account id (a directory extension attribute in Entra ID). */
  AUTH_ACCOUNT_CLAIM: z.string().min(1).default('extension_publisherAccountId'),

  /**
   * 32-byte AES-256-GCM key (base64) sealing write-only section secrets before they reach
   * Cosmos DB. In Azure the app setting is a Key Vault reference, so the key lives in Key Vault.
   */
  SECRETS_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),

  /**
   * Certification webhook signing secrets, Standard Webhooks form (`whsec_<base64>`), separated by
   * spaces: a callback is accepted when it verifies with any of them, so a rotation lists the new
   * and the old secret together for a while (docs/azure.md). In Azure a Key Vault reference.
   * Optional here so that a stack without the certification stand-in still starts.
   */
  CERTIFICATION_WEBHOOK_SECRETS: z
    .string()
    .trim()
    .transform((v) => v.split(/\s+/))
    .pipe(z.array(z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_<base64>')).min(1))
    .optional(),

  /** Certification service root (its REST API: PUT/GET /certifications/{submissionId}). */
  CERTIFICATION_ENDPOINT: z.url().optional(),
  /** CRM package provisioning service root (PUT/GET /packageDeployments/{id}). */
  CRM_PROVISIONING_ENDPOINT: z.url().optional(),
  /**
   * How long the publish pipeline waits for certification's callback before the submission ends
   * as certificationTimedOut, in seconds: days in Azure (default 5 days), seconds in tests.
   */
  CERTIFICATION_DEADLINE_SECONDS: z.coerce.number().int().min(1).max(90 * 86_400).default(5 * 86_400),

  /** Largest JSON request body the publisher API accepts, in bytes (larger bodies get 413). */
  HTTP_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(4_194_304).default(262_144),

  /**
   * Microsoft Entra ID authority the test drive provisioners and the Dynamics 365 lead sink sign
   * in at with the publisher's app (client credentials); the Entra stand-in locally.
   */
  ENTRA_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
  /** Azure Resource Manager endpoint (ARM and Logic app test drives); the ARM stand-in locally. */
  ARM_ENDPOINT: z.url().default('https://management.azure.com'),
  /** Marketo forms 1.0 base URL; `{serverId}` is replaced by the offer's Marketo server id. */
  MARKETO_FORM_BASE_URL: z.string().min(1).default('https://app-{serverId}.marketo.com'),
  /** Salesforce Web-to-Lead endpoint. */
  SALESFORCE_WEB_TO_LEAD_URL: z.url().default('https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8'),
  /**
   * Lets calls made on a publisher's behalf (lead destinations, Dataverse instances) reach
   * loopback addresses: the local stand-ins. Never set in Azure (the SSRF guard refuses loopback).
   */
  OUTBOUND_ALLOW_LOOPBACK: booleanSetting.default(false),

  /**
   * Quotas on paid work (docs/test-drives-and-leads.md), each `<count>/<n><s|m|h|d>` over a sliding
   * window; above it the request gets 429 with Retry-After. Test drive starts per customer (all
   * offers) and per offer; contact requests (each one e-mails the publisher and goes to the CRM)
   * per customer (all offers) and per offer.
   */
  QUOTA_TEST_DRIVE_STARTS_PER_CUSTOMER: rateSetting.prefault('10/1d'),
  QUOTA_TEST_DRIVE_STARTS_PER_OFFER: rateSetting.prefault('500/1h'),
  QUOTA_CONTACT_REQUESTS_PER_CUSTOMER: rateSetting.prefault('20/1d'),
  QUOTA_CONTACT_REQUESTS_PER_OFFER: rateSetting.prefault('1000/1h'),

  /**
   * Application Insights connection string (names the resource; sending also needs the managed
   * identity, as the component has local auth off). OpenTelemetry export is on only when it is set:
   * in Azure, never locally.
   */
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).optional(),

  /** Client id of the user-assigned managed identity (Azure only). */
  AZURE_CLIENT_ID: z.string().min(1).optional(),

  /**
   * Lets key-signed SDK clients talk plain HTTP to loopback stand-ins. Never set in Azure;
   * bearer-token clients refuse HTTP whatever this says.
   */
  ALLOW_INSECURE_LOCAL_ENDPOINTS: booleanSetting.default(false),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: { setting: string; message: string }[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.setting}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => ({ setting: String(i.path[0] ?? '?'), message: i.message })),
    );
  }
  return result.data;
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/**
 * The telemetry settings alone, for the start of the process: read before the rest of the
 * configuration is needed, and never failing the start (a bad value only leaves telemetry off).
 */
export function telemetrySettings(
  env: Record<string, string | undefined> = process.env,
): Pick<Config, 'APPLICATIONINSIGHTS_CONNECTION_STRING' | 'AZURE_CLIENT_ID'> {
  const result = configSchema
    .pick({ APPLICATIONINSIGHTS_CONNECTION_STRING: true, AZURE_CLIENT_ID: true })
    .safeParse(env);
  return result.success ? result.data : {};
}
