import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { SignJWT } from 'jose';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadLocalIssuerKey,
  mintLocalToken,
  type LocalIssuerKey,
} from '../../devhost/localIssuerKey';
import { findProjectRoot, startStack, type Stack } from '../../devhost/stack';
import { externalAppSettings } from '../../devhost/standins/externalAppSettings';
import { startExternalStandIns, type ExternalStandIns } from '../../devhost/standins/externalStandIns';
import { ensureLocalCertificate } from '../../devhost/standins/localCertificate';

/** The role name the Dynamics 365 test drive offers of the benchmarks ask for. */
export const BENCH_ROLE = 'test-drive-role';

/**
 * The whole local stack for a benchmark: the stand-ins process (Cosmos DB, inbox), Azurite, and a
 * Functions host loading the product app plus the bench-only app (`bench/app`, an empty HTTP
 * function as a baseline; never part of the product's `main`). The external services
 * (certification, CRM provisioning, Entra ID, ARM, Dataverse, lead receivers) run in this process
 * so the benchmark can read their state (e.g. when a Dataverse test drive user was disabled).
 */
export interface BenchStack {
  readonly stack: Stack;
  readonly host: string;
  readonly standIns: ExternalStandIns;
  readonly masterKey: string;
  readonly cosmos: CosmosClient;
  readonly database: string;
  publisherToken(accountId: string): Promise<string>;
  customerToken(customerId: string): Promise<{ token: string; email: string }>;
  /** The host clock (ms since the epoch) and its offset from real time. */
  clock(): Promise<{ now: number; offsetMs: number }>;
  advanceClock(ms: number): Promise<{ now: number; offsetMs: number }>;
  stop(): Promise<void>;
}

/**
 * Settings the benchmark host gets over the local defaults. The per-offer quotas on paid work
 * (test drive starts, contact requests; app/config.ts) are raised above what a run sends to one
 * offer (the expiry benchmark starts 500 sessions per offer), so the benchmark measures the path,
 * quota counting included, not the refusal. Per-customer quotas keep their defaults: every
 * benchmark customer asks once or twice. Not far higher: an admission's CPU grows with the cap
 * (adapters/cosmos/cosmosQuotaStore.ts lists every free ticket number below it).
 */
export const BENCH_HOST_SETTINGS: Record<string, string> = {
  DEVHOST_LOG_LEVEL: 'warn',
  DEVHOST_APP_MAIN: 'dist/{functions,orchestrations,bench/app}/*.js',
  QUOTA_TEST_DRIVE_STARTS_PER_OFFER: '5000/1h',
  QUOTA_CONTACT_REQUESTS_PER_OFFER: '5000/1h',
};

export async function startBenchStack(
  options: { hostEnv?: Record<string, string>; certificationDelayMs?: number } = {},
): Promise<BenchStack> {
  const stateDir = await mkdtemp(join(tmpdir(), 'bench-stack-'));
  // The same certificate folder startStack uses: the pair made here is reused by the stack, and
  // the host trusts it (NODE_EXTRA_CA_CERTS), so it reaches the stand-ins of this process.
  const tls = await ensureLocalCertificate(join(stateDir, 'tls'));
  const standIns = await startExternalStandIns({
    tls,
    certificationWebhookSecrets: [externalAppSettings(placeholderUrls()).CERTIFICATION_WEBHOOK_SECRETS!],
    certificationDelayMs: options.certificationDelayMs ?? 100,
    operationMs: 100,
  });
  standIns.dataverse.addRole(BENCH_ROLE);
  let stack: Stack;
  try {
    stack = await startStack({
      stateDir,
      hostEnv: {
        ...externalAppSettings(standIns.urls),
        ...BENCH_HOST_SETTINGS,
        ...options.hostEnv,
      },
      hostReadyTimeoutMs: 60_000,
    });
  } catch (err) {
    standIns.close();
    await rm(stateDir, { recursive: true, force: true });
    throw err;
  }
  const root = findProjectRoot();
  const key: LocalIssuerKey = await loadLocalIssuerKey(root);
  const host = stack.info.urls.host;
  const masterKey = stack.info.masterKey;
  const settings = stack.info.appSettings;
  const cosmos = new CosmosClient({
    endpoint: settings['COSMOS_ENDPOINT']!,
    key: settings['COSMOS_KEY']!,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  const admin = async (path: string, body?: unknown): Promise<{ now: number; offsetMs: number }> => {
    const res = await fetch(`${host}/admin/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-functions-key': masterKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { now: number; offsetMs: number };
  };
  return {
    stack,
    host,
    standIns,
    masterKey,
    cosmos,
    database: settings['COSMOS_DATABASE'] ?? 'marketplace',
    // Long-lived: the benchmarks move the host clock by hours.
    publisherToken: (accountId) =>
      mintLocalToken(key, { accountId, userId: 'bench', expiresInSeconds: 48 * 3600 }),
    customerToken: async (customerId) => {
      const email = `${customerId}@customer.example`;
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({
        oid: customerId,
        email,
        given_name: 'Bench',
        family_name: 'Customer',
      })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setSubject(customerId)
        .setIssuedAt(now)
        .setExpirationTime(now + 48 * 3600)
        .sign(key.privateKey);
      return { token, email };
    },
    clock: () => admin('clock'),
    advanceClock: (ms) => admin('clock/advance', { ms }),
    stop: async () => {
      await stack.stop();
      standIns.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** Only to read the fixed local webhook secret out of externalAppSettings. */
function placeholderUrls(): Parameters<typeof externalAppSettings>[0] {
  const u = 'https://127.0.0.1:1';
  return { certification: u, crmProvisioning: u, entra: u, arm: u, dataverse: u, leads: u };
}
