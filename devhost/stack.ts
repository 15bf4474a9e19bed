import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startChild, type ManagedChild } from './childProcess';
import { AZURITE_ACCOUNT, INBOX_ACCESS_KEY, localAppSettings, type StandInUrls } from './localSettings';
import { ensureLocalCertificate } from './standins/localCertificate';
import { externalAppSettings, LOCAL_CERTIFICATION_WEBHOOK_SECRET } from './standins/externalAppSettings';
import type { ExternalStandInPorts, ExternalStandInUrls } from './standins/externalStandIns';

export interface StackPorts {
  host: number;
  cosmos: number;
  inbox: number;
  blob: number;
  queue: number;
  table: number;
}

/** Fixed ports of `npm start` (0 everywhere = ephemeral, as the tests use). */
export const DEFAULT_PORTS: StackPorts = {
  host: 7071,
  cosmos: 8081,
  inbox: 7075,
  blob: 10000,
  queue: 10001,
  table: 10002,
};
export const EPHEMERAL_PORTS: StackPorts = { host: 0, cosmos: 0, inbox: 0, blob: 0, queue: 0, table: 0 };

export interface StackOptions {
  /** Holds tls/ (certificate), azurite/ (storage data), host/ (host state). */
  stateDir: string;
  ports?: Partial<StackPorts>;
  /** Extra settings for the host process, over the local defaults. */
  hostEnv?: Record<string, string>;
  /** Every output line of every child; default: dropped. */
  output?: (source: string, line: string) => void;
  /** Keys for the host's admin API and function-level routes; default: random per start. */
  masterKey?: string;
  functionKey?: string;
  hostReadyTimeoutMs?: number;
}

export interface StackUrls extends StandInUrls {
  /** e.g. http://127.0.0.1:7071 (no trailing slash; functions are under /api/). */
  host: string;
}

/** What a test or a tool needs to reach the stack: serialisable (written to a JSON file). */
export interface StackInfo {
  urls: StackUrls;
  /** App settings given to the host, by their Azure app-setting names. */
  appSettings: Record<string, string>;
  masterKey: string;
  functionKey: string;
  /** The certificate Azurite serves; trust it through NODE_EXTRA_CA_CERTS. */
  caCertPath: string;
  /** Project root the host loads the app from. */
  rootDir: string;
  stateDir: string;
  pids: { host: number; standIns: number; azurite: number };
  /** Origins of the external service stand-ins (certification, ARM, Dataverse, lead receivers, ...). */
  externalStandIns: ExternalStandInUrls;
}

export interface HostOverrides {
  port?: number;
  env?: Record<string, string>;
}

/** A Functions host process started from `dist/devhost/host.js`. */
export interface HostProcess {
  readonly url: string;
  readonly pid: number;
  readonly child: ManagedChild;
  stop(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface Stack {
  readonly info: StackInfo;
  /** Kills the main host process (SIGKILL by default: a crash); stand-ins keep their data. */
  killHost(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the main host again on the same port (after killHost, or stops it first). */
  restartHost(): Promise<void>;
  /** Starts an extra host process against the same stand-ins (another port unless given). */
  startExtraHost(overrides?: HostOverrides): Promise<HostProcess>;
  /** Stops the host first (it may flush state to storage), then the stand-ins. */
  stop(): Promise<void>;
}

export interface HostProcessOptions {
  rootDir: string;
  /** App settings (and any other environment) for the host, over this process's environment. */
  appSettings: Record<string, string>;
  env?: Record<string, string>;
  masterKey: string;
  functionKey: string;
  /** Trusted by the host through NODE_EXTRA_CA_CERTS (Azurite's HTTPS certificate). */
  caCertPath: string;
  /** DEVHOST_STATE_DIR: where the host may keep local state. */
  stateDir: string;
  /** 0 = any free port. */
  port: number;
  output: (source: string, line: string) => void;
  readyTimeoutMs: number;
}

/**
 * Starts `node dist/devhost/host.js` in its own process group and resolves once
 * `GET /admin/host/status` says Running. Used by the stack, and by tests that need a host of
 * their own to crash.
 */
export async function startHostProcess(o: HostProcessOptions): Promise<HostProcess> {
  const { child, ready: url } = await startChild({
    name: 'host',
    command: process.execPath,
    // Opt-in extra Node.js options for the host only, e.g. DEVHOST_HOST_NODE_ARGS="--cpu-prof
    // --cpu-prof-dir=/tmp/prof" to profile it (the profile is written when the host stops).
    args: [...hostNodeArgs(), join(o.rootDir, 'dist', 'devhost', 'host.js')],
    cwd: o.rootDir,
    env: {
      ...process.env,
      ...o.appSettings,
      ...o.env,
      DEVHOST_PORT: String(o.port),
      DEVHOST_APP_ROOT: o.rootDir,
      DEVHOST_MASTER_KEY: o.masterKey,
      DEVHOST_FUNCTION_KEY: o.functionKey,
      DEVHOST_STATE_DIR: o.stateDir,
      NODE_EXTRA_CA_CERTS: o.caCertPath,
    },
    readyTimeoutMs: o.readyTimeoutMs,
    output: o.output,
    ready: (line) => HOST_LISTENING.exec(line)?.[1],
  });
  try {
    await waitForHostRunning(url, o.masterKey, o.readyTimeoutMs);
  } catch (err) {
    await child.stop(2000);
    throw err;
  }
  return {
    url,
    pid: child.pid,
    child,
    stop: async () => void (await child.stop()),
    kill: async (signal) => void (await child.kill(signal)),
  };
}

function hostNodeArgs(): string[] {
  return (process.env.DEVHOST_HOST_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

const HOST_LISTENING = /Functions host listening on (http:\/\/127\.0\.0\.1:(\d+))/;
const AZURITE_LISTENING =
  /Azurite (Blob|Queue|Table) service is successfully listening at (https?:\/\/[^\s]+)/;
const STANDINS_READY = 'stand-ins ready ';

/** The project root: the nearest folder above this file with a package.json (works from src and dist). */
export function findProjectRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}`);
    dir = up;
  }
  return dir;
}

/**
 * Starts the stand-ins process (Cosmos DB, e-mail inbox), Azurite (HTTPS, OAuth basic) and the
 * Functions host process, each in its own process group, and resolves once the host reports
 * Running. Any failure on the way stops what was already started.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const rootDir = findProjectRoot();
  const ports = { ...EPHEMERAL_PORTS, ...options.ports };
  const output = options.output ?? ((): void => undefined);
  const masterKey = options.masterKey ?? randomBytes(24).toString('base64url');
  const functionKey = options.functionKey ?? randomBytes(24).toString('base64url');
  const distDevhost = join(rootDir, 'dist', 'devhost');
  for (const file of ['standins/main.js', 'host.js']) {
    if (!existsSync(join(distDevhost, file))) {
      throw new Error(`dist/devhost/${file} is missing: run \`npm run build\` first`);
    }
  }

  const tls = await ensureLocalCertificate(join(options.stateDir, 'tls'));
  const azuriteDir = join(options.stateDir, 'azurite');
  const hostStateDir = join(options.stateDir, 'host');
  await Promise.all([mkdir(azuriteDir, { recursive: true }), mkdir(hostStateDir, { recursive: true })]);

  const started: ManagedChild[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all([...started].reverse().map((c) => c.stop()));
  };

  try {
    const [standIns, azurite] = await Promise.all([
      startChild({
        name: 'stand-ins',
        command: process.execPath,
        args: [join(distDevhost, 'standins', 'main.js')],
        cwd: rootDir,
        env: {
          ...process.env,
          STANDINS_COSMOS_PORT: String(ports.cosmos),
          STANDINS_INBOX_PORT: String(ports.inbox),
          STANDINS_INBOX_ACCESS_KEY: INBOX_ACCESS_KEY,
          STANDINS_TLS_CERT: tls.certPath,
          STANDINS_TLS_KEY: tls.keyPath,
          STANDINS_CERTIFICATION_WEBHOOK_SECRETS: LOCAL_CERTIFICATION_WEBHOOK_SECRET,
        },
        readyTimeoutMs: 20_000,
        output,
        ready: (line) =>
          line.startsWith(STANDINS_READY)
            ? (JSON.parse(line.slice(STANDINS_READY.length)) as {
                cosmosPort: number;
                inboxPort: number;
                external: ExternalStandInPorts;
              })
            : undefined,
      }).then((r) => (started.push(r.child), r)),
      startChild({
        name: 'azurite',
        command: process.execPath,
        args: [
          join(rootDir, 'node_modules', 'azurite', 'dist', 'src', 'azurite.js'),
          '--location',
          azuriteDir,
          '--blobPort',
          String(ports.blob),
          '--queuePort',
          String(ports.queue),
          '--tablePort',
          String(ports.table),
          // HTTPS and OAuth so that bearer-token clients (user delegation SAS) work as in Azure.
          '--cert',
          tls.certPath,
          '--key',
          tls.keyPath,
          '--oauth',
          'basic',
          '--skipApiVersionCheck',
          '--loose',
          '--silent',
          '--disableTelemetry',
        ],
        cwd: rootDir,
        env: { ...process.env },
        readyTimeoutMs: 30_000,
        output,
        ready: collectAzuriteUrls(),
      }).then((r) => (started.push(r.child), r)),
    ]);

    const urls: StandInUrls = {
      cosmos: `http://127.0.0.1:${standIns.ready.cosmosPort}/`,
      inbox: `http://127.0.0.1:${standIns.ready.inboxPort}/`,
      blob: `${azurite.ready.Blob}/${AZURITE_ACCOUNT}`,
      queue: `${azurite.ready.Queue}/${AZURITE_ACCOUNT}`,
      table: `${azurite.ready.Table}/${AZURITE_ACCOUNT}`,
    };
    const externalStandIns = Object.fromEntries(
      Object.entries(standIns.ready.external).map(([k, port]) => [k, `https://127.0.0.1:${port}`]),
    ) as ExternalStandInUrls;
    const appSettings = {
      ...localAppSettings(urls),
      ...externalAppSettings(externalStandIns),
      ...options.hostEnv,
    };

    const hostParams: Omit<HostProcessOptions, 'port'> = {
      rootDir,
      appSettings,
      masterKey,
      functionKey,
      caCertPath: tls.certPath,
      stateDir: hostStateDir,
      output,
      readyTimeoutMs: options.hostReadyTimeoutMs ?? 30_000,
    };
    const launchHost = (overrides: HostOverrides = {}): Promise<HostProcess> =>
      startHostProcess({
        ...hostParams,
        port: overrides.port ?? 0,
        env: { ...hostParams.env, ...overrides.env },
      });

    let host = await launchHost({ port: ports.host });
    const hostPort = Number(new URL(host.url).port);

    const info: StackInfo = {
      urls: { ...urls, host: host.url },
      appSettings,
      masterKey,
      functionKey,
      caCertPath: tls.certPath,
      rootDir,
      stateDir: options.stateDir,
      pids: { host: host.pid, standIns: standIns.child.pid, azurite: azurite.child.pid },
      externalStandIns,
    };
    const extraHosts = new Set<HostProcess>();

    return {
      info,
      killHost: async (signal = 'SIGKILL') => host.kill(signal),
      restartHost: async () => {
        if (!host.child.hasExited) await host.stop();
        host = await launchHost({ port: hostPort });
        info.pids.host = host.pid;
      },
      startExtraHost: async (overrides) => {
        const extra = await launchHost(overrides);
        extraHosts.add(extra);
        return extra;
      },
      stop: async () => {
        await Promise.all([host.stop(), ...[...extraHosts].map((h) => h.stop())]);
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function collectAzuriteUrls(): (line: string) => Record<'Blob' | 'Queue' | 'Table', string> | undefined {
  const found: Partial<Record<'Blob' | 'Queue' | 'Table', string>> = {};
  return (line) => {
    const m = AZURITE_LISTENING.exec(line);
    if (m) found[m[1] as 'Blob' | 'Queue' | 'Table'] = m[2];
    return found.Blob && found.Queue && found.Table
      ? { Blob: found.Blob, Queue: found.Queue, Table: found.Table }
      : undefined;
  };
}

/** Polls `GET /admin/host/status` until the host answers 200 with state Running. */
export async function waitForHostRunning(
  hostUrl: string,
  masterKey: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${hostUrl}/admin/host/status`, {
        headers: { 'x-functions-key': masterKey },
        signal: AbortSignal.timeout(2000),
      });
      const body = (await res.json().catch(() => ({}))) as { state?: string };
      if (res.status === 200 && body.state === 'Running') return;
      last = `${res.status} ${JSON.stringify(body)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The host at ${hostUrl} was not Running within ${timeoutMs} ms (last: ${last})`);
}
