import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { HostClock } from './clock';
import type { RpcTypedData } from './core/coreTypes';
import { FunctionsCore } from './core/functionsCore';
import { flushHostLog, hostLog, type HostLogLevel } from './core/hostLog';
import { installCoreModule } from './core/installCoreModule';
import { FunctionInvoker, type InvocationOutcome } from './core/invokeFunction';
import { loadApp } from './core/loadApp';
import { runHooks } from './core/runHooks';
import { toTypedData } from './core/toTypedData';
import type { BindingInfo, HostExtension, HostServices, RegisteredFunction } from './extension';
import { hostExtensions } from './extensions';
import { BufferedResponse } from './http/bufferedResponse';
import { hostKeysFromEnv, type HostKeys } from './http/hostKeys';
import { closeServer, createHostHttpServer, listen, type HttpServerContext } from './http/hostHttpServer';
import { HttpRoutes } from './http/httpRoutes';
import { TimerScheduler } from './timers/timerScheduler';

export interface HostOptions {
  /** Function app directory (package.json, host.json). Default: DEVHOST_APP_ROOT or the working directory. */
  appRoot?: string;
  /** Overrides package.json `main`. Default: DEVHOST_APP_MAIN. */
  main?: string;
  /** Default: DEVHOST_PORT or 7071; 0 picks a free port. */
  port?: number;
  /** Default: the entries of devhost/extensions.ts. */
  extensions?: Array<HostExtension | (() => HostExtension)>;
  keys?: HostKeys;
  /** Default: DEVHOST_MAX_BODY_BYTES or 100 MB (Azure's request size limit). */
  maxBodyBytes?: number;
  /** Starting offset of the host clock from real time (ms). Default: DEVHOST_CLOCK_OFFSET_MS or 0. */
  clockOffsetMs?: number;
}

export interface RunningHost {
  readonly port: number;
  readonly origin: string;
  readonly functions: ReadonlyMap<string, RegisteredFunction>;
  readonly services: HostServices;
  readonly clock: HostClock;
  /** appTerminate hooks, timers, extensions (reverse order), then the listener. Idempotent. */
  stop(): Promise<void>;
}

const defaultMaxBodyBytes = 100 * 1024 * 1024;

/**
 * Starts the local Functions host in this process: listens first (so the port is known and the
 * status endpoint answers "Initialized" while loading), sets WEBSITE_HOSTNAME, installs
 * `@azure/functions-core`, loads the app, starts the extensions and timers, then reports "Running".
 * Only one host per process: `@azure/functions` binds to the first core module it finds.
 * Does not work inside jest's module system (it bypasses Module.prototype.require); spawn
 * `node dist/devhost/host.js` there instead.
 */
export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const env = process.env;
  const appRoot = resolve(options.appRoot ?? env.DEVHOST_APP_ROOT ?? process.cwd());
  const main = options.main ?? (env.DEVHOST_APP_MAIN || undefined);
  const requestedPort = options.port ?? numberFromEnv('DEVHOST_PORT', 7071);
  const keys = options.keys ?? hostKeysFromEnv(env);
  const maxBodyBytes = options.maxBodyBytes ?? numberFromEnv('DEVHOST_MAX_BODY_BYTES', defaultMaxBodyBytes);
  const clock = new HostClock(options.clockOffsetMs ?? numberFromEnv('DEVHOST_CLOCK_OFFSET_MS', 0));
  const extensions = (options.extensions ?? hostExtensions).map((e) => (typeof e === 'function' ? e() : e));

  let state: 'Initialized' | 'Running' | 'Stopping' = 'Initialized';
  let timers: TimerScheduler | undefined;
  const core = new FunctionsCore();
  const invoker = new FunctionInvoker(core, (binding, fn) => extraInputFor(extensions, binding, fn));

  const runNow = async (functionName: string, input: RpcTypedData): Promise<unknown> => {
    if (timers?.has(functionName)) {
      await timers.fireNow(functionName);
      return undefined;
    }
    return (await invokeLogged(invoker, functionName, input)).result;
  };
  const httpContext: HttpServerContext = {
    routes: new HttpRoutes([]),
    keys,
    maxBodyBytes,
    routePrefix: readRoutePrefix(appRoot),
    invokeHttp: (functionName, triggerData) =>
      invoker.invoke({
        functionName,
        triggerData,
        prepareResult: (result) => BufferedResponse.prepare(result),
      }),
    admin: {
      state: () => state,
      startedAt: Date.now(),
      functions: () => core.registeredFunctions().values(),
      clock,
      timers: () => timers?.describe() ?? [],
      runNow,
    },
    extensions,
  };
  const server: Server = createHostHttpServer(httpContext);
  const port = await listen(server, requestedPort);
  const origin = `http://127.0.0.1:${port}`;
  // durable-functions rewrites the client's management URLs to localhost:7071 unless this is set.
  env.WEBSITE_HOSTNAME = `127.0.0.1:${port}`;
  console.log(`Functions host listening on ${origin}`);

  const started: HostExtension[] = [];
  const stopAll = async (): Promise<void> => {
    await timers?.stop();
    for (const extension of [...started].reverse()) {
      try {
        await extension.stop();
      } catch (err) {
        hostLog('error', 'host', `Extension ${extension.name} failed to stop: ${describe(err)}`);
      }
    }
    await closeServer(server);
  };

  let services: HostServices;
  try {
    installCoreModule(core.api);
    await loadApp(core, { appRoot, ...(main ? { main } : {}) });
    const functions = core.registeredFunctions();
    httpContext.routes = new HttpRoutes(functions.values());
    services = {
      functions,
      invoke: async (functionName, triggerInput, invokeOptions) => {
        const triggerMetadata: Record<string, RpcTypedData> = {};
        for (const [key, value] of Object.entries(invokeOptions?.triggerMetadata ?? {})) {
          triggerMetadata[key] = toTypedData(value);
        }
        const outcome = await invoker.invoke({
          functionName,
          triggerData: toTypedData(triggerInput),
          triggerMetadata,
        });
        return outcome.result;
      },
      clock,
      origin,
      log: (level: HostLogLevel, message: string) => hostLog(level, 'host', message),
    };
    for (const extension of extensions) {
      await extension.start(services);
      started.push(extension);
    }
    timers = new TimerScheduler(functions.values(), clock, async (functionName, payload) => {
      await invokeLogged(invoker, functionName, { json: JSON.stringify(payload) });
    });
    timers.start();
  } catch (err) {
    await stopAll();
    throw err;
  }

  state = 'Running';
  printFunctions(services.functions, origin, httpContext.routePrefix, timers);

  let stopping: Promise<void> | undefined;
  return {
    port,
    origin,
    functions: services.functions,
    services,
    clock,
    stop: () => {
      stopping ??= (async () => {
        state = 'Stopping';
        try {
          await runHooks(core, 'appTerminate', {
            get hookData() {
              return core.appLevelOnlyHookData;
            },
            get appHookData() {
              return core.appHookData;
            },
          });
        } catch (err) {
          hostLog('error', 'host', `appTerminate hook failed: ${describe(err)}`);
        }
        await stopAll();
      })();
      return stopping;
    },
  };
}

async function invokeLogged(
  invoker: FunctionInvoker,
  functionName: string,
  data: RpcTypedData,
): Promise<InvocationOutcome> {
  const started = Date.now();
  try {
    const outcome = await invoker.invoke({ functionName, triggerData: data });
    hostLog(
      'info',
      functionName,
      `Executed (${outcome.invocationId.slice(0, 8)}, ${Date.now() - started} ms)`,
    );
    return outcome;
  } catch (err) {
    hostLog('error', functionName, `Executed with an error: ${describe(err)}`);
    throw err;
  }
}

function extraInputFor(
  extensions: readonly HostExtension[],
  binding: BindingInfo,
  fn: RegisteredFunction,
): unknown {
  for (const extension of extensions) {
    const value = extension.inputFor?.(binding, fn);
    if (value !== undefined) return value;
  }
  return undefined;
}

function readRoutePrefix(appRoot: string): string {
  try {
    const hostJson = JSON.parse(readFileSync(join(appRoot, 'host.json'), 'utf8')) as {
      extensions?: { http?: { routePrefix?: unknown } };
    };
    const prefix = hostJson.extensions?.http?.routePrefix;
    return typeof prefix === 'string' ? prefix.replace(/^\/+|\/+$/g, '') : 'api';
  } catch {
    return 'api';
  }
}

function printFunctions(
  functions: ReadonlyMap<string, RegisteredFunction>,
  origin: string,
  routePrefix: string,
  timers: TimerScheduler | undefined,
): void {
  const schedules = new Map((timers?.describe() ?? []).map((t) => [t.name, t]));
  const lines = ['Functions:'];
  for (const fn of functions.values()) {
    const trigger = fn.bindings[fn.triggerBindingName];
    if (fn.triggerType.toLowerCase() === 'httptrigger') {
      const methods = Array.isArray(trigger?.methods) ? trigger.methods.join(',') : 'ALL';
      const route = typeof trigger?.route === 'string' && trigger.route ? trigger.route : fn.name;
      lines.push(`  ${fn.name}: [${methods}] ${origin}/${routePrefix ? `${routePrefix}/` : ''}${route}`);
    } else if (schedules.has(fn.name)) {
      const timer = schedules.get(fn.name);
      lines.push(`  ${fn.name}: timerTrigger (${timer?.schedule}), next ${timer?.next}`);
    } else {
      lines.push(`  ${fn.name}: ${fn.triggerType}`);
    }
  }
  flushHostLog();
  console.log(lines.join('\n'));
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number (got "${raw}").`);
  return value;
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** `node dist/devhost/host.js`: start, then stop cleanly on SIGINT/SIGTERM (exit 0). */
async function main(): Promise<void> {
  let host: RunningHost | undefined;
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      hostLog('warn', 'host', `${signal} again: exiting now`);
      process.exit(1);
    }
    signalled = true;
    hostLog('info', 'host', `${signal}: stopping`);
    void (async () => {
      try {
        await host?.stop();
        process.exit(0);
      } catch (err) {
        hostLog('error', 'host', `Shutdown failed: ${describe(err)}`);
        process.exit(1);
      }
    })();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('unhandledRejection', (reason) => {
    hostLog('error', 'host', `Unhandled promise rejection: ${describe(reason)}`);
  });
  try {
    host = await startHost();
  } catch (err) {
    hostLog('error', 'host', `Host failed to start: ${describe(err)}`);
    process.exit(1);
  }
  if (signalled) {
    await host.stop();
    process.exit(0);
  }
  hostLog('info', 'host', 'Host started (Ctrl+C to stop)');
}

if (require.main === module) {
  void main();
}
