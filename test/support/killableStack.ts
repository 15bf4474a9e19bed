import { appendFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostProcess } from '../../devhost/stack';
import type { ExternalStandIns } from '../../devhost/standins/externalStandIns';
import { startTestExternalStandIns } from './externalStandIns';
import { masterKeyHeader, startPrivateHost } from './stack';
import { testDriveHostEnv, type TestDriveStack } from './testDriveStack';

/**
 * The test drive stack (every external stand-in in this process, a host of the test's own with
 * its own task hub and clock) whose host can be killed with SIGKILL and started again on the
 * same port with the same hub, any number of times: URLs handed out (status URLs, the
 * certification callback URL) stay valid across kills. The host's output goes to `logFile`.
 */
export interface KillableStack extends TestDriveStack {
  /** The host's origin; the same after every restart. */
  readonly url: string;
  readonly hub: string;
  readonly logFile: string;
  /** Kills the host with SIGKILL (no chance to flush anything). */
  kill(): Promise<void>;
  /** Starts the host again on the same port and hub; resolves once it answers. */
  restart(): Promise<HostProcess>;
}

export async function startKillableStack(label = 'killable'): Promise<KillableStack> {
  // Certification retries its callback for about 2 minutes, as a webhook sender does for hours:
  // longer than a restart of the host, which may take 15 s on a loaded machine.
  const standIns: ExternalStandIns = await startTestExternalStandIns({ certificationRetryDelaysMs: [1000, 2000, 4000, 8000, 15_000, 30_000, 60_000] });
  standIns.dataverse.addRole('test-drive-role');
  const hub = `${label}${randomBytes(4).toString('hex')}`;
  const hostEnv = testDriveHostEnv(standIns, hub);
  // Outside the stack's state folder, which is removed at the end of the run: kept for diagnosis.
  const logFile = join(tmpdir(), `${label}-host-${hub}.log`);
  let generation = 0;
  const startOn = (port: number): Promise<HostProcess> => {
    const g = ++generation;
    return startPrivateHost(hostEnv, port, {
      output: (source, line) => appendFileSync(logFile, `[${g}:${source}] ${line}\n`),
      readyTimeoutMs: 60_000,
    });
  };
  let host = await startOn(0);
  const url = host.url;
  const port = Number(new URL(url).port);
  let alive = true;
  return {
    get host() {
      return host;
    },
    standIns,
    hostEnv,
    url,
    hub,
    logFile,
    kill: async () => {
      alive = false;
      await host.kill('SIGKILL');
    },
    restart: async () => {
      host = await startOn(port);
      alive = true;
      return host;
    },
    stop: async () => {
      if (alive) await host.stop();
      standIns.close();
    },
  };
}

/** One orchestration instance as the durable management API lists it. */
export interface HubInstance {
  instanceId: string;
  name: string;
  runtimeStatus: string;
  output?: unknown;
  createdTime?: string;
  lastUpdatedTime?: string;
}

/** Every orchestration instance of the host's task hub (all pages), through the management API. */
export async function listHubInstances(hostUrl: string, runtimeStatus?: string[]): Promise<HubInstance[]> {
  const all: HubInstance[] = [];
  let token: string | null = null;
  for (;;) {
    const query = new URLSearchParams({ top: '200', showInput: 'false' });
    if (runtimeStatus) query.set('runtimeStatus', runtimeStatus.join(','));
    const res: Response = await fetch(`${hostUrl}/runtime/webhooks/durabletask/instances?${query.toString()}`, {
      headers: { ...masterKeyHeader(), ...(token ? { 'x-ms-continuation-token': token } : {}) },
    });
    if (!res.ok) throw new Error(`list instances: ${res.status} ${await res.text()}`);
    all.push(...((await res.json()) as HubInstance[]));
    token = res.headers.get('x-ms-continuation-token');
    if (!token) return all;
  }
}
