import { randomBytes } from 'node:crypto';
import type { HostProcess } from '../../../devhost/stack';
import type { ExternalStandIns } from '../../../devhost/standins/externalStandIns';
import type { PoolInstance } from '../../../domain/testdrive/poolInstance';
import { startTestExternalStandIns } from '../../support/externalStandIns';
import { uniqueAccount } from '../../support/publisherApi';
import { publisherOn } from '../../support/publishingStack';
import { cosmosClient, fireFunction, inbox, stackInfo } from '../../support/stack';
import {
  customerOn,
  eventually,
  publishTestDriveOffer,
  startTestDriveHost,
  testDriveHostEnv,
  type TestDriveStack,
} from '../../support/testDriveStack';

jest.setTimeout(120_000);

const SUB = '2f1e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b';
const TOP_UP = 'topUpTestDrivePools';
/** Long enough for an end to arrive while the deployment runs; the 500 ms poll sees it finish. */
const SLOW_DEPLOYMENT_MS = 3000;
const FAST_MS = 100;

/**
 * An end requested while a session is still provisioning wins once provisioning returns: no
 * access e-mail, the session never shows `active` or its access, what provisioning made is
 * removed, the slot is freed, and the session ends `ended`. An ARM offer with one slot in one
 * region (deployments slowed at the ARM stand-in), on a host of its own (own task hub; its
 * top-up timer is off so the hot pool test decides when a pass runs).
 */
describe('Test drive ended while provisioning', () => {
  let standIns: ExternalStandIns;
  let host: HostProcess;
  let hostEnv: Record<string, string>;
  const account = uniqueAccount('tdearly');
  const offerId = 'early-end';
  let listingId = '';
  /** The session the first test leaves active, for the end-after-access test. */
  let activeSessionId = '';

  const stack = (): TestDriveStack => ({ host, standIns, hostEnv, stop: () => Promise.resolve() });
  const path = (sessionId?: string) =>
    `/storefront/offers/${listingId}/test-drives${sessionId ? `/${sessionId}` : ''}`;
  const group = (name: string): string => `${SUB}/testdrive-${name}`;
  const testDrives = () =>
    cosmosClient()
      .database(stackInfo().appSettings.COSMOS_DATABASE as string)
      .container('testDrives');
  const sessionDoc = async (sessionId: string): Promise<Record<string, unknown>> =>
    (
      await testDrives()
        .items.query<Record<string, unknown>>({
          query: `SELECT * FROM c WHERE c.kind = 'session' AND c.listingId = @l AND c.sessionId = @s`,
          parameters: [
            { name: '@l', value: listingId },
            { name: '@s', value: sessionId },
          ],
        })
        .fetchAll()
    ).resources[0] ?? {};
  const instancesOf = async (): Promise<PoolInstance[]> =>
    (
      await testDrives()
        .items.query<PoolInstance>({
          query: `SELECT * FROM c WHERE c.kind = 'poolInstance' AND c.listingId = @l`,
          parameters: [{ name: '@l', value: listingId }],
        })
        .fetchAll()
    ).resources;
  const mailsOf = async (sessionId: string, kind: string) =>
    (await inbox().list()).filter(
      (m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === kind,
    );
  /**
   * Polls the customer's status URL until `ended` (or `failed`), keeping every view seen on the
   * way, so a test can check that none of them was `active` or showed access details.
   */
  const followToEnd = async (customer: Awaited<ReturnType<typeof customerOn>>, sessionId: string) => {
    const seen: Array<Record<string, unknown>> = [];
    const last = await eventually(
      async () => {
        const r = await customer.call('GET', path(sessionId));
        seen.push(r.body);
        return r;
      },
      (r) => r.body?.status === 'ended' || r.body?.status === 'failed',
      60_000,
      `session ${sessionId} ended`,
    );
    return { last: last.body as Record<string, any>, seen };
  };
  /** Starts a session and waits until its deployment is running at the ARM stand-in. */
  const startSlowly = async (customerId: string) => {
    standIns.arm.setDeploymentMs(SLOW_DEPLOYMENT_MS);
    const customer = await customerOn(host.url, `${customerId}-${account}`);
    const started = await customer.call('POST', path(), { region: 'westeurope' });
    expect(started.status).toBe(202);
    const sessionId = started.body.sessionId as string;
    await eventually(
      () => Promise.resolve(standIns.arm.deployments()),
      (d) => d.some((x) => x.group === group(sessionId)),
      30_000,
      'deployment running',
    );
    // Only the running deployment is slow: the deletion after the end is quick.
    standIns.arm.setDeploymentMs(FAST_MS);
    return { customer, sessionId };
  };
  const expectNeverGivenAccess = async (sessionId: string, seen: Array<Record<string, unknown>>) => {
    expect(seen.map((v) => v['status'])).not.toContain('active');
    expect(seen.filter((v) => 'access' in v || 'startedAt' in v || 'endsAt' in v)).toEqual([]);
    // The "ended" e-mail is sent after any access e-mail would have been: it is all there is.
    const ended = await inbox().waitFor(
      (m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === 'ended',
    );
    expect(ended.subject).toMatch(/was ended before it was ready$/);
    expect(await mailsOf(sessionId, 'access')).toEqual([]);
    expect(await mailsOf(sessionId, 'ended')).toHaveLength(1);
    expect(ended.plainText).not.toMatch(/password/i);
    const doc = await sessionDoc(sessionId);
    expect(doc).toMatchObject({ status: 'ended' });
    expect(doc).not.toHaveProperty('access');
    expect(doc).not.toHaveProperty('sealedSecretAccess');
    expect(doc).not.toHaveProperty('startedAt');
    return ended;
  };

  beforeAll(async () => {
    standIns = await startTestExternalStandIns({ operationMs: FAST_MS });
    hostEnv = {
      ...testDriveHostEnv(standIns, `tdearly${randomBytes(4).toString('hex')}`),
      [`AzureWebJobs.${TOP_UP}.Disabled`]: 'true',
    };
    host = await startTestDriveHost(hostEnv, 'testdriveearly');
    listingId = await publishTestDriveOffer(stack(), account, offerId, 'azureResourceManager', (b) => {
      b['test-drive'].regions = ['westeurope'];
      b['test-drive'].instances = { hot: 0, cold: 1 };
      b['test-drive'].durationHours = 1;
    });
  });
  afterAll(async () => {
    await host?.stop();
    standIns?.close();
  });

  it('When the customer ends a session while it deploys, then no access is e-mailed or shown, its resource group is deleted, it ends and the slot serves a new session', async () => {
    // Arrange
    const { customer, sessionId } = await startSlowly('c1');

    // Act
    const end = await customer.call('POST', path(`${sessionId}/end`));
    const { last, seen } = await followToEnd(customer, sessionId);

    // Assert
    expect(end.status).toBe(202);
    expect(end.body.status).toBe('provisioning');
    expect(last).toMatchObject({ status: 'ended', endReason: 'customer' });
    const mail = await expectNeverGivenAccess(sessionId, seen);
    expect(mail.plainText).toContain('you ended it');
    // Provisioning had made the group (its deployment ran to the end); the end removed it.
    expect(standIns.arm.deployments().filter((d) => d.group === group(sessionId))).toHaveLength(1);
    expect(standIns.arm.resourceGroups()).not.toContain(group(sessionId));
    // The only slot is free again: the next customer gets a session, not a 429.
    const next = await customerOn(host.url, `c2-${account}`);
    const again = await next.call('POST', path(), { region: 'westeurope' });
    expect(again.status).toBe(202);
    const active = await eventually(
      () => next.call('GET', path(again.body.sessionId)),
      (r) => r.body?.status === 'active' || r.body?.status === 'failed',
      30_000,
      'next session active',
    );
    expect(active.body.status).toBe('active');
    activeSessionId = again.body.sessionId as string;
  });

  it('When the customer ends a session that has access, then it is e-mailed access first, then ended as before', async () => {
    // Arrange: the previous test's second session is active.
    const customer = await customerOn(host.url, `c2-${account}`);
    const sessionId = activeSessionId;
    expect(sessionId).not.toBe('');
    await inbox().waitFor(
      (m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === 'access',
    );

    // Act
    expect((await customer.call('POST', path(`${sessionId}/end`))).status).toBe(202);
    const { last } = await followToEnd(customer, sessionId);

    // Assert
    expect(last).toMatchObject({ status: 'ended', endReason: 'customer', startedAt: expect.any(String) });
    const ended = await inbox().waitFor(
      (m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === 'ended',
    );
    expect(ended.subject).toMatch(/has ended$/);
    expect(await mailsOf(sessionId, 'access')).toHaveLength(1);
    expect(standIns.arm.resourceGroups()).not.toContain(group(sessionId));
  });

  it('When the publisher ends a session while it deploys, then the customer gets no access, only word that it was ended, and the slot is free', async () => {
    // Arrange
    const { customer, sessionId } = await startSlowly('c3');
    const publisher = await publisherOn(host.url, account);

    // Act
    const end = await publisher.call('POST', `/offers/${offerId}/test-drive/sessions/${sessionId}/end`);
    const { last, seen } = await followToEnd(customer, sessionId);

    // Assert
    expect(end.status).toBe(202);
    expect(last).toMatchObject({ status: 'ended', endReason: 'publisher' });
    const mail = await expectNeverGivenAccess(sessionId, seen);
    expect(mail.plainText).toContain('the publisher ended it');
    expect(standIns.arm.resourceGroups()).not.toContain(group(sessionId));
    const next = await customerOn(host.url, `c4-${account}`);
    const again = await next.call('POST', path(), { region: 'westeurope' });
    expect(again.status).toBe(202);
    expect((await next.call('POST', path(`${again.body.sessionId}/end`))).status).toBe(202);
    await followToEnd(next, again.body.sessionId);
  });

  it('When a customer given a ready hot instance ends at once, then the session ends consistently: access e-mailed only if it was given, the group deleted, the instance forgotten and the slot back to the pool', async () => {
    // Arrange: the one slot goes to a hot instance.
    const publisher = await publisherOn(host.url, account);
    const overrides = `/offers/${offerId}/test-drive/overrides`;
    const read = await publisher.call('GET', overrides);
    const put = await publisher.call(
      'PUT',
      overrides,
      { instances: { hot: 1 } },
      { 'if-match': read.headers.get('etag') ?? '' },
    );
    expect(put.status).toBe(200);
    await fireFunction(TOP_UP, undefined, host.url);
    const [hot] = await eventually(
      instancesOf,
      (l) => l.length === 1 && l[0]?.status === 'ready',
      30_000,
      'hot instance ready',
    );
    const customer = await customerOn(host.url, `c5-${account}`);

    // Act: the end follows the start at once; the hand-out has nothing to deploy, so whether the
    // end came before provisioning returned depends on timing. Either way the outcome must agree.
    const started = await customer.call('POST', path(), { region: 'westeurope' });
    expect(started.status).toBe(202);
    const sessionId = started.body.sessionId as string;
    const end = await customer.call('POST', path(`${sessionId}/end`));
    const { last, seen } = await followToEnd(customer, sessionId);
    await fireFunction(TOP_UP, undefined, host.url);

    // Assert
    expect(end.status).toBe(202);
    expect(last).toMatchObject({ status: 'ended', endReason: 'customer' });
    const doc = await sessionDoc(sessionId);
    expect(doc['hotInstanceId']).toBe(hot?.instanceId);
    if (doc['startedAt'] === undefined) await expectNeverGivenAccess(sessionId, seen);
    else {
      await inbox().waitFor(
        (m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === 'ended',
      );
      expect(await mailsOf(sessionId, 'access')).toHaveLength(1);
    }
    expect(standIns.arm.resourceGroups()).not.toContain(group(hot?.instanceId ?? ''));
    // The used instance is forgotten and its slot freed: the pass deploys a new ready instance.
    const refilled = await eventually(
      instancesOf,
      (l) => l.length === 1 && l[0]?.status === 'ready',
      30_000,
      'pool refilled',
    );
    expect(refilled[0]?.instanceId).not.toBe(hot?.instanceId);
  });
});
