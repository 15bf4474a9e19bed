import { randomBytes } from 'node:crypto';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from './localIssuerKey';

/**
 * The app settings that point the app at the local stand-ins: the same names `infra/` sets in
 * Azure (see app/config.ts), so the stand-ins are wired in by configuration only.
 */

/** The Cosmos DB emulator's published, well-known key (the stand-in accepts any key). */
export const COSMOS_EMULATOR_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

/** Azurite's published, well-known development account. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Access key of the local e-mail inbox (base64, as ACS keys are); local only, not a secret. */
export const INBOX_ACCESS_KEY = Buffer.from('local-inbox-access-key-not-a-secret').toString('base64');

export const LOCAL_SENDER_ADDRESS = 'DoNotReply@marketplace.localtest.me';

export interface StandInUrls {
  /** e.g. http://127.0.0.1:8081/ */
  cosmos: string;
  /** Account URLs, e.g. https://127.0.0.1:10000/devstoreaccount1 */
  blob: string;
  queue: string;
  table: string;
  /** e.g. http://127.0.0.1:7075/ */
  inbox: string;
}

export function azuriteConnectionString(urls: Pick<StandInUrls, 'blob' | 'queue' | 'table'>): string {
  return [
    `DefaultEndpointsProtocol=https`,
    `AccountName=${AZURITE_ACCOUNT}`,
    `AccountKey=${AZURITE_KEY}`,
    `BlobEndpoint=${urls.blob}`,
    `QueueEndpoint=${urls.queue}`,
    `TableEndpoint=${urls.table}`,
    '',
  ].join(';');
}

export function localAppSettings(urls: StandInUrls): Record<string, string> {
  const storage = azuriteConnectionString(urls);
  return {
    COSMOS_ENDPOINT: urls.cosmos,
    COSMOS_KEY: COSMOS_EMULATOR_KEY,
    COSMOS_DATABASE: 'marketplace',
    ASSETS_BLOB_ENDPOINT: urls.blob,
    ASSETS_STORAGE_CONNECTION_STRING: storage,
    EMAIL_ENDPOINT: urls.inbox,
    EMAIL_CONNECTION_STRING: `endpoint=${urls.inbox};accesskey=${INBOX_ACCESS_KEY}`,
    EMAIL_SENDER_ADDRESS: LOCAL_SENDER_ADDRESS,
    ALLOW_INSECURE_LOCAL_ENDPOINTS: 'true',
    // AUTH_JWKS_URL is left out: the host points it at its own local-issuer JWKS once its port is known.
    AUTH_ISSUER: LOCAL_ISSUER,
    AUTH_AUDIENCE: LOCAL_AUDIENCE,
    // A fresh key per start: what it seals lives in the in-memory Cosmos DB stand-in anyway.
    SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AzureWebJobsStorage: storage,
    DURABLE_TASK_HUB_NAME: 'marketplacelocal',
    FUNCTIONS_WORKER_RUNTIME: 'node',
  };
}
