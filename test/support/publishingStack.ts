import { randomBytes } from 'node:crypto';
import type { HostProcess } from '../../devhost/stack';
import type { ExternalStandIns } from '../../devhost/standins/externalStandIns';
import { sectionNames } from '../../domain/offer/sectionNames';
import { startTestExternalStandIns, TEST_WEBHOOK_SECRET } from './externalStandIns';
import { completeOfferWrite, fixtureAlias } from './offerFixtures';
import { withUploadedAssets } from './offerAssets';
import { publisher } from './publisherApi';
import { appendFileSync } from 'node:fs';
import { masterKeyHeader, stackInfo, startPrivateHost } from './stack';

/**
 * The publishing pipeline's test stack: the external stand-ins (certification, CRM provisioning)
 * in this process, and a host of the test's own wired to them (its own durable task hub), on
 * the shared Cosmos DB, Azurite and inbox. Stop both in afterAll.
 */
export interface PublishingStack {
  readonly host: HostProcess;
  readonly standIns: ExternalStandIns;
  /**
   * Kills the host with SIGKILL (a crash) and starts it again on the same port with the same
   * task hub: URLs already handed out (callback URL, status URLs) keep working.
   */
  crashAndRestartHost(): Promise<HostProcess>;
  stop(): Promise<void>;
}

export async function startPublishingStack(env: Record<string, string> = {}): Promise<PublishingStack> {
  const standIns = await startTestExternalStandIns();
  const info = stackInfo();
  const logFile = `${info.stateDir}/publishing-host-${process.pid}.log`;
  const hostEnv = {
    CERTIFICATION_ENDPOINT: standIns.urls.certification,
    CRM_PROVISIONING_ENDPOINT: standIns.urls.crmProvisioning,
    CERTIFICATION_WEBHOOK_SECRETS: TEST_WEBHOOK_SECRET,
    // One hour: the timeout test moves the host clock past it.
    CERTIFICATION_DEADLINE_SECONDS: '3600',
    DEVHOST_DURABLE_HUB: `publishing${randomBytes(4).toString('hex')}`,
    ...env,
  };
  // Like startPrivateHost, but the host's output goes to a log file of its own (for diagnosis).
  const startOn = (port: number): Promise<HostProcess> =>
    startPrivateHost(hostEnv, port, { output: (source, line) => appendFileSync(logFile, `[${source}] ${line}\n`) });
  let host = await startOn(0);
  return {
    get host() {
      return host;
    },
    standIns,
    crashAndRestartHost: async () => {
      const port = Number(new URL(host.url).port);
      await host.kill('SIGKILL');
      host = await startOn(port);
      return host;
    },
    stop: async () => {
      await host.stop();
      standIns.close();
    },
  };
}

export interface HostResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A publisher calling `/api` on the given host. */
export async function publisherOn(hostUrl: string, accountId: string, userId = 'alice') {
  const base = await publisher(accountId, userId);
  const call = async <T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HostResponse<T>> => {
    const res = await fetch(`${hostUrl}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${base.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text === '' ? undefined : JSON.parse(text)) as T,
    };
  };
  return { ...base, call, hostUrl };
}

function hostOf(as: { hostUrl: string }): string {
  return as.hostUrl;
}

/** An anonymous customer request to the host. */
export async function customerGet<T = any>(hostUrl: string, path: string): Promise<HostResponse<T>> {
  const res = await fetch(`${hostUrl}/api${path}`);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}

/** Creates an offer and fills every section with the complete fixtures (assets uploaded for real). */
export async function createCompleteOffer(accountId: string, offerId: string): Promise<void> {
  const as = await publisher(accountId, 'alice');
  const created = await as.post('/offers', { offerId, alias: fixtureAlias });
  if (created.status !== 201)
    throw new Error(`create ${offerId}: ${created.status} ${JSON.stringify(created.body)}`);
  const bodies = completeOfferWrite();
  for (const section of sectionNames) {
    const read = await as.get(`/offers/${offerId}/sections/${section}`);
    const body = await withUploadedAssets(as.token, offerId, section, bodies[section]);
    const saved = await as.put(`/offers/${offerId}/sections/${section}`, body, read.headers.get('etag')!);
    if (saved.status !== 200)
      throw new Error(`save ${section}: ${saved.status} ${JSON.stringify(saved.body)}`);
  }
}

/** Replaces part of a section through the authoring API (read, merge, PUT with If-Match). */
export async function editSection(
  accountId: string,
  offerId: string,
  section: string,
  change: (value: any) => void,
): Promise<void> {
  const as = await publisher(accountId, 'alice');
  const read = await as.get(`/offers/${offerId}/sections/${section}`);
  const value = structuredClone(read.body.value);
  change(value);
  const saved = await as.put(`/offers/${offerId}/sections/${section}`, value, read.headers.get('etag')!);
  if (saved.status !== 200) throw new Error(`edit ${section}: ${saved.status} ${JSON.stringify(saved.body)}`);
}

/** Polls the submission until `predicate` holds; rejects with the last state after `timeoutMs`. */
export async function waitForSubmission(
  as: Awaited<ReturnType<typeof publisherOn>>,
  offerId: string,
  submissionId: string,
  predicate: (s: any) => boolean,
  timeoutMs = 30_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  for (;;) {
    last = (await as.call('GET', `/offers/${offerId}/submissions/${submissionId}`)).body;
    if (predicate(last)) return last;
    if (Date.now() > deadline) {
      const hostUrl = hostOf(as);
      const status = await fetch(
        `${hostUrl}/runtime/webhooks/durabletask/instances/${submissionId}?showHistory=true&code=${encodeURIComponent(stackInfo().masterKey)}`,
      )
        .then((r) => r.text())
        .catch((e: unknown) => String(e));
      throw new Error(
        `submission ${submissionId} stuck: ${JSON.stringify({ state: last?.state, timeline: last?.timeline })}; orchestration: ${status.slice(0, 3000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Moves the given host's clock forward (durable timers that became due fire). */
export async function advanceHostClock(hostUrl: string, ms: number): Promise<void> {
  const res = await fetch(`${hostUrl}/admin/clock/advance`, {
    method: 'POST',
    headers: { ...masterKeyHeader(), 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  if (!res.ok) throw new Error(`advance clock: ${res.status}`);
}
