import type { BindingInfo, HostExtension, HostServices } from '../extension';
import { hostKeysFromEnv } from '../http/hostKeys';
import { DurableEngine } from './durableEngine';
import { durableSettingsFrom } from './durableSettings';
import { HubStore } from './hubStore';
import { ManagementApi } from './managementApi';
import { durableClientInput } from './managementUrls';

const DURABLE_TRIGGERS = new Set(['orchestrationtrigger', 'activitytrigger', 'entitytrigger']);
const CLIENT_BINDINGS = new Set(['durableclient', 'orchestrationclient']);

/**
 * The durable engine as a host extension: the task hub lives in Cosmos DB (the stand-in locally),
 * so the host process can be killed and restarted at any moment. The engine only starts when the
 * app registers durable functions or clients.
 */
export function createDurableExtension(env: NodeJS.ProcessEnv = process.env): HostExtension {
  let engine: DurableEngine | undefined;
  let api: ManagementApi | undefined;
  let clientInput: Record<string, unknown> | undefined;
  const keys = hostKeysFromEnv(env);

  return {
    name: 'durable',
    async start(host: HostServices): Promise<void> {
      const usesDurable = [...host.functions.values()].some(
        (fn) =>
          DURABLE_TRIGGERS.has(fn.triggerType.toLowerCase()) ||
          Object.values(fn.bindings).some((b) => CLIENT_BINDINGS.has(String(b.type).toLowerCase())),
      );
      if (!usesDurable) return;
      const settings = durableSettingsFrom(env);
      const store = new HubStore({
        endpoint: settings.cosmosEndpoint,
        key: settings.cosmosKey,
        database: settings.database,
        container: settings.container,
        requestTimeoutMs: settings.cosmosRequestTimeoutMs,
      });
      await withRetry('task hub store not reachable yet', () => store.open(), host);
      const recovering = new DurableEngine(settings, store, host);
      engine = recovering;
      const started = Date.now();
      // recover() keeps nothing from a failed attempt (it reads every document before it builds an
      // actor); without the retry one timed-out recovery query made the host fail to start.
      const recovered = await withRetry('reading the task hub failed', () => recovering.recover(), host);
      api = new ManagementApi(engine, keys, Promise.resolve());
      clientInput = durableClientInput(host.origin, settings.hubName, keys.masterKey);
      host.log(
        'info',
        `durable: task hub "${settings.hubName}" in ${settings.database}/${settings.container}; resumed ` +
          `${recovered.instances} instance(s) and ${recovered.entities} entit(y/ies) in ${Date.now() - started} ms`,
      );
    },
    stop(): Promise<void> {
      engine?.stop();
      return Promise.resolve();
    },
    async handleHttp(req, res, url): Promise<boolean> {
      if (!api) return false;
      return api.handle(req, res, url);
    },
    inputFor(binding: BindingInfo): unknown {
      return CLIENT_BINDINGS.has(String(binding.type).toLowerCase()) ? clientInput : undefined;
    },
  };
}

/** The stand-ins may still be starting when the host does, and any request may fail once. */
async function withRetry<T>(what: string, attempt: () => Promise<T>, host: HostServices): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      host.log('warn', `durable: ${what} (${String(err)}); retrying`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
