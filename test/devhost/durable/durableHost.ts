import { stackInfo } from '../../support/stack';
import { masterKey, spawnHost, type SpawnedHost } from '../spawnHost';

export const durableFixtureMain = 'dist/test/fixtures/durable-app/app.js';

export interface DurableTestHost {
  host: SpawnedHost;
  origin: string;
  /** POST orchestrators/{name}/{id} on rpcBaseUrl; returns the response. */
  start(name: string, id: string, input?: unknown): Promise<Response>;
  status(id: string, query?: string): Promise<{ status: number; body: StatusBody | null; headers: Headers }>;
  /** Polls until the instance reaches one of `statuses`. */
  waitFor(id: string, statuses?: string[], timeoutMs?: number): Promise<StatusBody>;
  raise(id: string, event: string, data: unknown): Promise<number>;
  /** Runs a DurableClient method inside a function of the fixture app (the client side of the protocol). */
  client<T = unknown>(op: string, ...args: unknown[]): Promise<T>;
  stop(signal?: NodeJS.Signals): Promise<unknown>;
}

export interface StatusBody {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: Array<Record<string, unknown>>;
}

const TERMINAL = ['Completed', 'Failed', 'Terminated', 'Canceled'];

/** Environment for a host process of the fixture app on its own task hub in the stack's Cosmos stand-in. */
export function durableHostEnv(hub: string, extra: Record<string, string> = {}): Record<string, string> {
  const settings = stackInfo().appSettings;
  return {
    DEVHOST_APP_MAIN: durableFixtureMain,
    COSMOS_ENDPOINT: settings['COSMOS_ENDPOINT'] ?? '',
    COSMOS_KEY: settings['COSMOS_KEY'] ?? '',
    DEVHOST_DURABLE_HUB: hub,
    ...extra,
  };
}

export async function startDurableHost(
  hub: string,
  extra: Record<string, string> = {},
): Promise<DurableTestHost> {
  const host = await spawnHost({ env: durableHostEnv(hub, extra) });
  return durableTestHost(host);
}

export function durableTestHost(host: SpawnedHost): DurableTestHost {
  const origin = host.origin;
  const rpc = `${origin}/durabletask`;
  const self: DurableTestHost = {
    host,
    origin,
    start: (name, id, input) =>
      fetch(`${rpc}/orchestrators/${name}/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: input === undefined ? '' : JSON.stringify(input),
      }),
    status: async (id, query = '') => {
      const res = await fetch(`${rpc}/instances/${id}${query}`);
      const text = await res.text();
      return {
        status: res.status,
        body: text ? (JSON.parse(text) as StatusBody) : null,
        headers: res.headers,
      };
    },
    waitFor: async (id, statuses = TERMINAL, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await self.status(id);
        if (body && statuses.includes(body.runtimeStatus)) return body;
        if (Date.now() > deadline) {
          throw new Error(
            `${id} did not reach ${statuses.join('/')}: ${JSON.stringify(body)}\n${host.output().slice(-3000)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    raise: async (id, event, data) => {
      const res = await fetch(`${rpc}/instances/${id}/raiseEvent/${event}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(data),
      });
      return res.status;
    },
    client: async <T>(op: string, ...args: unknown[]): Promise<T> => {
      const res = await fetch(`${origin}/api/client`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op, args }),
      });
      const body = (await res.json()) as { result?: T; error?: string };
      if (res.status !== 200) throw new Error(`client ${op} failed: ${body.error}`);
      return body.result as T;
    },
    stop: (signal = 'SIGTERM') => host.stop(signal),
  };
  return self;
}

export const adminHeaders = { 'x-functions-key': masterKey };

export function uniqueHub(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
