import { uniqueAccount } from '../../support/publisherApi';
import { inbox, masterKeyHeader } from '../../support/stack';
import {
  advanceClockOf,
  customerOn,
  eventually,
  publishTestDriveOffer,
  startTestDriveStack,
  type TestDriveStack,
} from '../../support/testDriveStack';

jest.setTimeout(300_000);

/**
 * Capacity under a crowd, deprovisioning that fails before it succeeds, and the sweeper that ends
 * sessions whose orchestration was lost. Dynamics 365 test drives (the Dataverse stand-in records
 * how many test drive users are enabled at once) on a host of the test's own.
 */
describe('Test drive capacity, failures and the sweeper', () => {
  let stack: TestDriveStack;
  const account = uniqueAccount('tdres');
  let listingId: string;
  const maxConcurrent = 5;
  const durationMs = 3_600_000;

  beforeAll(async () => {
    stack = await startTestDriveStack();
    const dataverse = stack.standIns.dataverse;
    listingId = await publishTestDriveOffer(
      stack,
      account,
      'crowd-drive',
      'dynamics365CustomerEngagement',
      (b) => {
        b['test-drive'].instanceUrl = dataverse.webApiUrl().replace(/\/api\/data\/.*$/, '');
        b['test-drive'].instanceWebApiUrl = dataverse.webApiUrl();
        b['test-drive'].roleName = 'test-drive-role';
        b['test-drive'].maxConcurrent = maxConcurrent;
        b['test-drive'].durationHours = 1;
        b.setup.leadManagement = {
          destination: 'httpsEndpoint',
          notificationEmails: [],
          connection: { httpsEndpointUrl: `${stack.standIns.urls.leads}/https-endpoint/flow-${account}` },
        };
      },
    );
  });
  afterAll(async () => {
    await stack?.stop();
  });

  type Customer = Awaited<ReturnType<typeof customerOn>>;
  const path = (sessionId?: string) =>
    `/storefront/offers/${listingId}/test-drives${sessionId ? `/${sessionId}` : ''}`;
  const statusOf = (who: Customer, sessionId: string, status: string, what = status) =>
    eventually(
      () => who.call('GET', path(sessionId)),
      (r) => r.body?.status === status,
      60_000,
      `${what} ${sessionId}`,
    );
  const userOf = (session: string) =>
    stack.standIns.dataverse.users().find((u) =>
      u.domainname.startsWith(
        `testdrive-${session
          .replace(/[^A-Za-z0-9-]/g, '')
          .toLowerCase()
          .slice(0, 40)}`,
      ),
    );
  const mailsOf = async (session: string, kind: string) =>
    (await inbox().list()).filter(
      (m) => m.headers['x-test-drive-session'] === session && m.headers['x-test-drive-mail'] === kind,
    );

  it('When 200 customers ask at once with maxConcurrent 5, then 5 get a session, the rest a 429 with Retry-After, never more than 5 run, and all capacity is back after expiry', async () => {
    // Arrange
    const crowd = await Promise.all(
      Array.from({ length: 200 }, (_, n) => customerOn(stack.host.url, `crowd${n}-${account}`)),
    );
    const baseline = stack.standIns.dataverse.activeUsers();

    // Act: everyone at once
    const answers = await Promise.all(crowd.map((c) => c.call('POST', path(), { company: 'Crowd' })));

    // Assert: every request gets a clear answer
    const byStatus = new Map<number, number>();
    for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 202: maxConcurrent, 429: 200 - maxConcurrent });
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.code).toBe('testDriveCapacityFull');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600 + 60);
    }
    const admitted = answers.flatMap((a, n) =>
      a.status === 202 ? [{ who: crowd[n]!, sessionId: a.body.sessionId as string }] : [],
    );
    for (const { who, sessionId } of admitted) await statusOf(who, sessionId, 'active');
    expect(stack.standIns.dataverse.activeUsers()).toBe(baseline + maxConcurrent);
    expect(stack.standIns.dataverse.highWater()).toBe(maxConcurrent);

    // Act: the sessions expire
    await advanceClockOf(stack.host.url, durationMs + 1000);

    // Assert: all ended by themselves, every user disabled, capacity back for 5 new customers
    for (const { who, sessionId } of admitted) {
      const ended = await statusOf(who, sessionId, 'ended');
      expect(ended.body.endReason).toBe('expired');
    }
    expect(stack.standIns.dataverse.activeUsers()).toBe(baseline);
    const refused = answers.flatMap((a, n) => (a.status === 429 ? [crowd[n]!] : []));
    const next = refused.slice(0, maxConcurrent + 1);
    const second = [] as { who: Customer; status: number; sessionId: string }[];
    for (const who of next) {
      const r = await who.call('POST', path());
      second.push({ who, status: r.status, sessionId: r.body.sessionId as string });
    }
    expect(second.map((s) => s.status)).toEqual([...Array(maxConcurrent).fill(202), 429]);
    expect(stack.standIns.dataverse.highWater()).toBe(maxConcurrent);

    // Clean up: the next tests need free slots
    for (const s of second.slice(0, maxConcurrent)) await statusOf(s.who, s.sessionId, 'active');
    await advanceClockOf(stack.host.url, durationMs + 1000);
    for (const s of second.slice(0, maxConcurrent)) await statusOf(s.who, s.sessionId, 'ended');
    expect(stack.standIns.dataverse.highWater()).toBe(maxConcurrent);
  });

  it('When deprovisioning fails twice, then it is retried, the session still ends, the user is removed, the slot is freed and one "ended" e-mail is sent', async () => {
    // Arrange
    const customer = await customerOn(stack.host.url, `deprov-${account}`);
    const started = await customer.call('POST', path());
    expect(started.status).toBe(202);
    const sessionId = started.body.sessionId as string;
    await statusOf(customer, sessionId, 'active');
    stack.standIns.dataverse.failures.failNext('disableUser', 2, { mode: 'status', status: 503 });

    // Act
    const end = await customer.call('POST', `${path(sessionId)}/end`);

    // Assert
    expect(end.status).toBe(202);
    const ended = await statusOf(customer, sessionId, 'ended');
    expect(ended.body.endReason).toBe('customer');
    expect(stack.standIns.dataverse.failures.take('disableUser')).toBeUndefined(); // both injected failures were met
    expect(userOf(sessionId)).toMatchObject({ isdisabled: true, roles: [] });
    await inbox().waitFor(
      (m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === 'ended',
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(await mailsOf(sessionId, 'ended')).toHaveLength(1);
    const again = await customer.call('POST', path());
    expect(again.status).toBe(202);
    await statusOf(customer, again.body.sessionId, 'active');
    await customer.call('POST', `${path(again.body.sessionId)}/end`);
    await statusOf(customer, again.body.sessionId, 'ended');
  });

  it('When a session outlives its lost orchestration, then the sweeper deprovisions it after its end, frees the slot and tells the customer', async () => {
    // Arrange: a running session whose orchestration is terminated (lost)
    const customer = await customerOn(stack.host.url, `swept-${account}`);
    const started = await customer.call('POST', path());
    const sessionId = started.body.sessionId as string;
    await statusOf(customer, sessionId, 'active');
    const terminated = await fetch(
      `${stack.host.url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(`testdrive:${sessionId}`)}/terminate?reason=lost`,
      { method: 'POST', headers: masterKeyHeader() },
    );
    expect(terminated.status).toBe(202);
    const fire = async () => {
      const res = await fetch(`${stack.host.url}/admin/functions/sweepTestDrives?wait=true`, {
        method: 'POST',
        headers: { ...masterKeyHeader(), 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(200);
    };

    // Act 1: the sweeper runs before the session's end: nothing happens
    await fire();
    await new Promise((r) => setTimeout(r, 1500));

    // Assert 1
    expect((await customer.call('GET', path(sessionId))).body.status).toBe('active');
    expect(userOf(sessionId)).toMatchObject({ isdisabled: false });

    // Act 2: past the end (and the sweeper's grace), the sweeper runs
    await advanceClockOf(stack.host.url, durationMs + 6 * 60_000);
    await fire();

    // Assert 2
    const ended = await statusOf(customer, sessionId, 'ended');
    expect(ended.body.endReason).toBe('sweeper');
    expect(userOf(sessionId)).toMatchObject({ isdisabled: true, roles: [] });
    await inbox().waitFor(
      (m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === 'ended',
    );
    const again = await customer.call('POST', path());
    expect(again.status).toBe(202);
  });
});
