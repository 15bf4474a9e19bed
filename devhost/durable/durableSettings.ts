/**
 * Settings of the local durable engine. The store endpoint comes from the app settings Azure uses
 * for Cosmos DB (COSMOS_ENDPOINT / COSMOS_KEY); the rest are local-host knobs (DEVHOST_DURABLE_*).
 */
export interface DurableSettings {
  hubName: string;
  cosmosEndpoint: string;
  cosmosKey: string;
  database: string;
  container: string;
  /** `upperSchemaVersion` handed to the library: 2 (V3, nested actions, as Azure) or 0 (V1, flat). */
  schema: 'v3' | 'v1';
  maxConcurrentActivities: number;
  /** Bulk write requests to the store in flight at once (each carries up to 100 documents). */
  maxConcurrentWrites: number;
  /** Timeout of each task hub request (the SDK's default is 60 s). */
  cosmosRequestTimeoutMs: number;
  /** Key required on the public /runtime/webhooks/durabletask/ paths (`code` or `x-functions-key`). */
  masterKey: string | undefined;
  maximumShortTimer: string;
  longRunningTimerInterval: string;
}

export function durableSettingsFrom(env: NodeJS.ProcessEnv): DurableSettings {
  const hubName = env['DEVHOST_DURABLE_HUB'] || env['DURABLE_TASK_HUB_NAME'] || 'LocalHub';
  const cosmosEndpoint = env['DEVHOST_DURABLE_COSMOS_ENDPOINT'] || env['COSMOS_ENDPOINT'] || '';
  if (!cosmosEndpoint) {
    throw new Error(
      'The durable engine needs COSMOS_ENDPOINT (or DEVHOST_DURABLE_COSMOS_ENDPOINT) for its task hub.',
    );
  }
  return {
    hubName,
    cosmosEndpoint,
    cosmosKey: env['DEVHOST_DURABLE_COSMOS_KEY'] || env['COSMOS_KEY'] || 'local',
    database: env['DEVHOST_DURABLE_DATABASE'] || `durabletask-${hubName.toLowerCase()}`,
    container: env['DEVHOST_DURABLE_CONTAINER'] || 'hub',
    schema: env['DEVHOST_DURABLE_SCHEMA'] === 'v1' ? 'v1' : 'v3',
    maxConcurrentActivities: positiveInt(env['DEVHOST_DURABLE_MAX_ACTIVITIES'], 200),
    maxConcurrentWrites: positiveInt(env['DEVHOST_DURABLE_MAX_WRITES'], 4),
    cosmosRequestTimeoutMs: positiveInt(env['DEVHOST_DURABLE_COSMOS_TIMEOUT_MS'], 10_000),
    masterKey: env['DEVHOST_MASTER_KEY'] || undefined,
    maximumShortTimer: '6.00:00:00',
    longRunningTimerInterval: '3.00:00:00',
  };
}

/** `d.hh:mm:ss` (.NET TimeSpan, as the extension sends it) in milliseconds. */
export function timeSpanMs(span: string): number {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)$/.exec(span);
  if (!match) throw new Error(`Not a TimeSpan: ${span}`);
  const [, d, h, m, s] = match;
  return (((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
