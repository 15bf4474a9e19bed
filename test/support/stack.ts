import { readFileSync } from 'node:fs';
import { CosmosClient } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import type { HostProcess, StackInfo } from '../../devhost/stack';
import { startHostProcess } from '../../devhost/stack';
import type { InboxMessage } from '../../devhost/standins/inbox/inboxStore';
import { STACK_FILE_ENV } from './stackFile';

/**
 * Helpers for integration tests (*.int.test.ts): the stack that globalSetup started, reached
 * with the real SDK clients and over HTTP. Nothing here mocks anything.
 */

let cached: StackInfo | undefined;

/** Where everything listens, the app settings the host got, the host's keys. */
export function stackInfo(): StackInfo {
  if (cached) return cached;
  const file = process.env[STACK_FILE_ENV];
  if (!file) throw new Error(`${STACK_FILE_ENV} is not set: integration tests need the jest globalSetup`);
  cached = JSON.parse(readFileSync(file, 'utf8')) as StackInfo;
  return cached;
}

/** The host's origin, or a URL on it: `hostUrl('/api/health')`. */
export function hostUrl(path = ''): string {
  return `${stackInfo().urls.host}${path}`;
}

/** Header for `authLevel: 'function'` routes. */
export function functionKeyHeader(): Record<string, string> {
  return { 'x-functions-key': stackInfo().functionKey };
}

/** Header for the host's /admin API. */
export function masterKeyHeader(): Record<string, string> {
  return { 'x-functions-key': stackInfo().masterKey };
}

/** A real `@azure/cosmos` client on the Cosmos DB stand-in (the same account the host uses). */
export function cosmosClient(): CosmosClient {
  const s = stackInfo().appSettings;
  return new CosmosClient({
    endpoint: required(s, 'COSMOS_ENDPOINT'),
    key: required(s, 'COSMOS_KEY'),
    connectionPolicy: { enableEndpointDiscovery: false },
  });
}

/** A real `@azure/storage-blob` client on Azurite (HTTPS, shared key). */
export function blobClient(): BlobServiceClient {
  return BlobServiceClient.fromConnectionString(
    required(stackInfo().appSettings, 'ASSETS_STORAGE_CONNECTION_STRING'),
  );
}

export interface Inbox {
  /** Messages oldest first; `to` matches any recipient (to, cc, bcc). */
  list(to?: string): Promise<InboxMessage[]>;
  get(id: string): Promise<InboxMessage>;
  clear(): Promise<void>;
  /** Resolves with the first message matching `predicate` (polling), or rejects after `timeoutMs`. */
  waitFor(predicate: (m: InboxMessage) => boolean, timeoutMs?: number): Promise<InboxMessage>;
  /** The inbox page's HTML. */
  page(): Promise<string>;
}

/** The local e-mail inbox that the app's EmailClient delivers to. */
export function inbox(): Inbox {
  const base = stackInfo().urls.inbox;
  const getJson = async <T>(path: string): Promise<T> => {
    const res = await fetch(new URL(path, base));
    if (!res.ok) throw new Error(`inbox ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const list = (to?: string): Promise<InboxMessage[]> =>
    getJson(to ? `messages?to=${encodeURIComponent(to)}` : 'messages');
  return {
    list,
    get: (id) => getJson(`messages/${encodeURIComponent(id)}`),
    clear: async () => {
      const res = await fetch(new URL('messages', base), { method: 'DELETE' });
      if (res.status !== 204) throw new Error(`inbox clear: ${res.status}`);
    },
    waitFor: async (predicate, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await list()).find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching message in the inbox within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    page: async () => (await fetch(base)).text(),
  };
}

/**
 * Runs a non-HTTP function now through the host's admin API (a timer gets its timer payload) and
 * resolves with what it returned; rejects with the function's error. `origin` picks a private host
 * (startPrivateHost); the shared host by default.
 */
export async function fireFunction(name: string, input?: unknown, origin?: string): Promise<unknown> {
  const url = `${origin ?? hostUrl()}/admin/functions/${encodeURIComponent(name)}?wait=true`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...masterKeyHeader(), 'content-type': 'application/json' },
    body: JSON.stringify(input === undefined ? {} : { input }),
  });
  const body = (await res.json().catch(() => ({}))) as { invocationResult?: unknown; error?: unknown };
  if (res.status !== 200) throw new Error(`${name} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.invocationResult;
}

/**
 * Moves a host's clock forward by `ms` (timers and durable timers that became due fire). The clock
 * only moves forward and every later test on that host lives with it, so a test that skips days
 * should do it on a private host (`origin`, see startPrivateHost), not on the shared one.
 */
export async function advanceClock(ms: number, origin?: string): Promise<{ now: number; offsetMs: number }> {
  const res = await fetch(`${origin ?? hostUrl()}/admin/clock/advance`, {
    method: 'POST',
    headers: { ...masterKeyHeader(), 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  if (!res.ok) throw new Error(`advanceClock: ${res.status} ${await res.text()}`);
  return (await res.json()) as { now: number; offsetMs: number };
}

/**
 * A host process of the test's own on the shared stand-ins (for crash and restart tests: kill it
 * with `kill('SIGKILL')`, start another). Give it its own durable task hub through `env`
 * (DEVHOST_DURABLE_HUB) unless it should share the main host's. Stop it in `afterAll`.
 */
export async function startPrivateHost(
  env: Record<string, string> = {},
  port = 0,
  options: { output?: (source: string, line: string) => void; readyTimeoutMs?: number } = {},
): Promise<HostProcess> {
  const info = stackInfo();
  return startHostProcess({
    rootDir: info.rootDir,
    appSettings: info.appSettings,
    env,
    masterKey: info.masterKey,
    functionKey: info.functionKey,
    caCertPath: info.caCertPath,
    stateDir: `${info.stateDir}/host`,
    port,
    output: options.output ?? (() => undefined),
    readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
  });
}

function required(settings: Record<string, string>, name: string): string {
  const value = settings[name];
  if (!value) throw new Error(`the stack has no ${name}`);
  return value;
}
