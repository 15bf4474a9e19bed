import { appendFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { findProjectRoot, type HostProcess } from '../../devhost/stack';
import { loadLocalIssuerKey, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../devhost/localIssuerKey';
import type { ExternalStandIns } from '../../devhost/standins/externalStandIns';
import { sectionNames } from '../../domain/offer/sectionNames';
import type { TestDriveType } from '../../domain/offer/sections/setup';
import { startTestExternalStandIns, TEST_WEBHOOK_SECRET } from './externalStandIns';
import { completeOfferWrite, fixtureAlias } from './offerFixtures';
import { withUploadedAssets } from './offerAssets';
import { publisherOn, waitForSubmission, type HostResponse } from './publishingStack';
import { masterKeyHeader, stackInfo, startPrivateHost } from './stack';

/**
 * The test drive and lead test stack: every external stand-in in this process (Entra ID, ARM
 * with Logic apps, Dataverse, lead receivers, certification, CRM provisioning) and a host of the
 * test's own wired to them, with its own durable task hub and clock, on the shared Cosmos DB,
 * Azurite and inbox. Stop it in afterAll.
 */
export interface TestDriveStack {
  readonly host: HostProcess;
  readonly standIns: ExternalStandIns;
  readonly hostEnv: Record<string, string>;
  stop(): Promise<void>;
}

export function testDriveHostEnv(standIns: ExternalStandIns, hub: string): Record<string, string> {
  return {
    CERTIFICATION_ENDPOINT: standIns.urls.certification,
    CRM_PROVISIONING_ENDPOINT: standIns.urls.crmProvisioning,
    CERTIFICATION_WEBHOOK_SECRETS: TEST_WEBHOOK_SECRET,
    CERTIFICATION_DEADLINE_SECONDS: '3600',
    ENTRA_AUTHORITY_HOST: standIns.urls.entra,
    ARM_ENDPOINT: standIns.urls.arm,
    MARKETO_FORM_BASE_URL: `${standIns.urls.leads}/marketo/{serverId}`,
    SALESFORCE_WEB_TO_LEAD_URL: `${standIns.urls.leads}/salesforce/servlet/servlet.WebToLead?encoding=UTF-8`,
    OUTBOUND_ALLOW_LOOPBACK: 'true',
    DEVHOST_DURABLE_HUB: hub,
  };
}

export async function startTestDriveHost(hostEnv: Record<string, string>, label = 'testdrive'): Promise<HostProcess> {
  const info = stackInfo();
  const logFile = `${info.stateDir}/${label}-host-${process.pid}.log`;
  return startPrivateHost(hostEnv, 0, { output: (source, line) => appendFileSync(logFile, `[${source}] ${line}\n`) });
}

export async function startTestDriveStack(): Promise<TestDriveStack> {
  const standIns = await startTestExternalStandIns();
  standIns.dataverse.addRole('test-drive-role');
  const hostEnv = testDriveHostEnv(standIns, `testdrive${randomBytes(4).toString('hex')}`);
  const host = await startTestDriveHost(hostEnv);
  return {
    host,
    standIns,
    hostEnv,
    stop: async () => {
      await host.stop();
      standIns.close();
    },
  };
}

/** A customer token from the local issuer (as the marketplace front end would pass it on). */
export async function customerToken(customerId: string, email: string, names: { given?: string; family?: string } = {}): Promise<string> {
  const key = await loadLocalIssuerKey(findProjectRoot(__dirname));
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ oid: customerId, email, given_name: names.given ?? 'Casey', family_name: names.family ?? 'Customer' })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(customerId)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(key.privateKey);
}

/** A signed-in customer calling `/api` on a host. */
export async function customerOn(hostUrl: string, customerId: string, email = `${customerId}@customer.example`) {
  const token = await customerToken(customerId, email);
  const call = async <T = any>(method: string, path: string, body?: unknown): Promise<HostResponse<T>> => {
    const res = await fetch(`${hostUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
  };
  return { token, email, customerId, call };
}

/**
 * Creates a complete offer with a test drive of `type` (sections changed by `edit`), submits it
 * and takes it live through the publishing API (certification and CRM provisioning stand-ins).
 * Returns the storefront listing id.
 */
export async function publishTestDriveOffer(
  stack: TestDriveStack,
  accountId: string,
  offerId: string,
  type: TestDriveType,
  edit: (bodies: Record<string, any>) => void,
): Promise<string> {
  const as = await publisherOn(stack.host.url, accountId, 'alice');
  const created = await as.call('POST', '/offers', { offerId, alias: fixtureAlias });
  if (created.status !== 201) throw new Error(`create ${offerId}: ${created.status} ${JSON.stringify(created.body)}`);
  const bodies = completeOfferWrite(type) as Record<string, any>;
  edit(bodies);
  for (const section of sectionNames) {
    const read = await as.call('GET', `/offers/${offerId}/sections/${section}`);
    const body = await withUploadedAssets(as.token, offerId, section, bodies[section]);
    const saved = await as.call('PUT', `/offers/${offerId}/sections/${section}`, body, { 'if-match': read.headers.get('etag')! });
    if (saved.status !== 200) throw new Error(`save ${section}: ${saved.status} ${JSON.stringify(saved.body)}`);
  }
  const submitted = await as.call('POST', `/offers/${offerId}/submissions`, { notesForCertification: 'Test drive release.' });
  if (submitted.status !== 202) throw new Error(`submit ${offerId}: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const id = submitted.body.submissionId as string;
  await waitForSubmission(as, offerId, id, (s) => s.state === 'preview', 60_000);
  const goLive = await as.call('POST', `/offers/${offerId}/submissions/${id}/go-live`);
  if (goLive.status !== 202) throw new Error(`go-live ${offerId}: ${goLive.status}`);
  await waitForSubmission(as, offerId, id, (s) => s.state === 'live', 60_000);
  return `${accountId}.${offerId}`;
}

/** Polls `read` until `predicate` holds (rejects with the last value after `timeoutMs`). */
export async function eventually<T>(read: () => Promise<T>, predicate: (v: T) => boolean, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await read();
    if (predicate(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms; last: ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Moves a host's clock forward (durable timers that became due fire). */
export async function advanceClockOf(hostUrl: string, ms: number): Promise<void> {
  const res = await fetch(`${hostUrl}/admin/clock/advance`, {
    method: 'POST',
    headers: { ...masterKeyHeader(), 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  if (!res.ok) throw new Error(`advance clock: ${res.status}`);
}
