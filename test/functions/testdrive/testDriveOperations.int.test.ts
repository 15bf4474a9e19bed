import { randomBytes } from 'node:crypto';
import type { ExternalStandIns } from '../../../devhost/standins/externalStandIns';
import type { HostProcess } from '../../../devhost/stack';
import { startTestExternalStandIns } from '../../support/externalStandIns';
import { uniqueAccount } from '../../support/publisherApi';
import { publisherOn } from '../../support/publishingStack';
import { inbox, masterKeyHeader } from '../../support/stack';
import {
  advanceClockOf,
  customerOn,
  eventually,
  publishTestDriveOffer,
  startTestDriveHost,
  testDriveHostEnv,
  type TestDriveStack,
} from '../../support/testDriveStack';

jest.setTimeout(300_000);

/**
 * Publisher operations on a live test drive (capacity overrides without a submission, the active
 * sessions, ending one), the quotas on paid work, and the sweeper for sessions lost while still
 * provisioning. Dynamics 365 test drives (Dataverse stand-in) on a host of the test's own with
 * small quotas: starts 2 per customer and 6 per offer an hour, contact requests 3 per customer and
 * 5 per offer an hour.
 */
describe('Test drive operations, quotas and the provisioning sweeper', () => {
  let stack: TestDriveStack;
  let standIns: ExternalStandIns;
  let host: HostProcess;
  const account = uniqueAccount('tdops');
  let ops: string; // listing of the operations offer (published maxConcurrent 3)
  let quotas: string; // listing of the quota offer (published maxConcurrent 5)
  let publisher: Awaited<ReturnType<typeof publisherOn>>;

  beforeAll(async () => {
    standIns = await startTestExternalStandIns();
    standIns.dataverse.addRole('test-drive-role');
    const hostEnv = {
      ...testDriveHostEnv(standIns, `tdops${randomBytes(4).toString('hex')}`),
      QUOTA_TEST_DRIVE_STARTS_PER_CUSTOMER: '2/1h',
      QUOTA_TEST_DRIVE_STARTS_PER_OFFER: '6/1h',
      QUOTA_CONTACT_REQUESTS_PER_CUSTOMER: '3/1h',
      QUOTA_CONTACT_REQUESTS_PER_OFFER: '5/1h',
    };
    host = await startTestDriveHost(hostEnv, 'tdops');
    stack = { host, standIns, hostEnv, stop: () => Promise.resolve() };
    const offer = (maxConcurrent: number) => (b: Record<string, any>) => {
      b['test-drive'].instanceUrl = standIns.dataverse.webApiUrl().replace(/\/api\/data\/.*$/, '');
      b['test-drive'].instanceWebApiUrl = standIns.dataverse.webApiUrl();
      b['test-drive'].roleName = 'test-drive-role';
      b['test-drive'].maxConcurrent = maxConcurrent;
      b['test-drive'].durationHours = 1;
      b.setup.leadManagement = {
        destination: 'httpsEndpoint',
        notificationEmails: [],
        connection: { httpsEndpointUrl: `${standIns.urls.leads}/https-endpoint/ops-${account}` },
      };
    };
    ops = await publishTestDriveOffer(stack, account, 'ops-drive', 'dynamics365CustomerEngagement', offer(3));
    quotas = await publishTestDriveOffer(
      stack,
      account,
      'quota-drive',
      'dynamics365CustomerEngagement',
      offer(5),
    );
    publisher = await publisherOn(host.url, account, 'alice');
  });
  afterAll(async () => {
    await host?.stop();
    standIns?.close();
  });

  type Customer = Awaited<ReturnType<typeof customerOn>>;
  const drives = (listing: string, sessionId?: string) =>
    `/storefront/offers/${listing}/test-drives${sessionId ? `/${sessionId}` : ''}`;
  const statusOf = (who: Customer, listing: string, sessionId: string, status: string) =>
    eventually(
      () => who.call('GET', drives(listing, sessionId)),
      (r) => r.body?.status === status,
      60_000,
      `${status} ${sessionId}`,
    );
  const userOf = (session: string) =>
    standIns.dataverse.users().find((u) =>
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
  const overrides = '/offers/ops-drive/test-drive/overrides';
  const putOverrides = async (body: unknown) => {
    const read = await publisher.call('GET', overrides);
    return publisher.call('PUT', overrides, body, { 'if-match': read.headers.get('etag')! });
  };
  const start = async (who: Customer, listing = ops) => who.call('POST', drives(listing));
  const endAsCustomer = async (who: Customer, listing: string, sessionId: string) => {
    expect((await who.call('POST', `${drives(listing, sessionId)}/end`)).status).toBe(202);
    await statusOf(who, listing, sessionId, 'ended');
  };

  it('When the publisher reads and changes the overrides, then they are validated per field, need If-Match, and show published, overrides and effective values', async () => {
    // Act
    const first = await publisher.call('GET', overrides);
    const noIfMatch = await publisher.call('PUT', overrides, { maxConcurrent: 2 });
    const invalid = await publisher.call(
      'PUT',
      overrides,
      { maxConcurrent: 0, instances: { hot: -1, cold: 0 }, durationHours: 2 },
      { 'if-match': first.headers.get('etag')! },
    );
    const wrongType = await publisher.call(
      'PUT',
      overrides,
      { instances: { hot: 1, cold: 2 } },
      { 'if-match': first.headers.get('etag')! },
    );
    const saved = await publisher.call(
      'PUT',
      overrides,
      { maxConcurrent: 2 },
      { 'if-match': first.headers.get('etag')! },
    );
    const stale = await publisher.call(
      'PUT',
      overrides,
      { maxConcurrent: 4 },
      { 'if-match': first.headers.get('etag')! },
    );
    const cleared = await publisher.call('PUT', overrides, {}, { 'if-match': saved.headers.get('etag')! });

    // Assert
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      published: { maxConcurrent: 3 },
      overrides: {},
      effective: { maxConcurrent: 3 },
      revision: 0,
      visibility: 'live',
    });
    expect(noIfMatch.status).toBe(428);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/durationHours',
      '/instances/cold',
      '/instances/hot',
      '/maxConcurrent',
    ]);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors).toEqual([
      expect.objectContaining({ pointer: '/instances', code: 'notForType' }),
    ]);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      overrides: { maxConcurrent: 2 },
      effective: { maxConcurrent: 2 },
      revision: 1,
      updatedBy: 'alice',
    });
    expect(saved.headers.get('etag')).not.toBe(first.headers.get('etag'));
    expect(stale.status).toBe(412);
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ overrides: {}, effective: { maxConcurrent: 3 }, revision: 2 });
  });

  it('When maxConcurrent is lowered below the running sessions, then none is ended and new starts are refused until the offer is under it; the publisher lists the sessions and ends them', async () => {
    // Arrange: maxConcurrent 1 -> the second customer is refused; raised to 2 -> accepted
    const c1 = await customerOn(host.url, `ops1-${account}`);
    const c2 = await customerOn(host.url, `ops2-${account}`);
    const c3 = await customerOn(host.url, `ops3-${account}`);
    expect((await putOverrides({ maxConcurrent: 1 })).status).toBe(200);
    const s1 = await start(c1);
    expect(s1.status).toBe(202);
    const refused = await start(c2);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('testDriveCapacityFull');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await putOverrides({ maxConcurrent: 2 })).status).toBe(200);
    const s2 = await start(c2);
    expect(s2.status).toBe(202);
    const [id1, id2] = [s1.body.sessionId as string, s2.body.sessionId as string];
    await statusOf(c1, ops, id1, 'active');
    await statusOf(c2, ops, id2, 'active');

    // Act 1: lowered to 1 with 2 running
    expect((await putOverrides({ maxConcurrent: 1 })).status).toBe(200);
    const whileOver = await start(c3);
    const listed = await publisher.call('GET', '/offers/ops-drive/test-drive/sessions?pageSize=1');
    const page2 = await publisher.call(
      'GET',
      `/offers/ops-drive/test-drive/sessions?pageSize=1&continuationToken=${listed.body.continuationToken}`,
    );

    // Assert 1: nothing ended, the third customer refused, both sessions listed without secrets
    expect(whileOver.status).toBe(429);
    expect((await c1.call('GET', drives(ops, id1))).body.status).toBe('active');
    expect((await c2.call('GET', drives(ops, id2))).body.status).toBe('active');
    const items = [...listed.body.items, ...page2.body.items];
    expect(items.map((s: { sessionId: string }) => s.sessionId)).toEqual([id1, id2]);
    expect(items[0]).toEqual({
      sessionId: id1,
      status: 'active',
      type: 'dynamics365CustomerEngagement',
      customerEmail: c1.email,
      requestedAt: expect.any(String),
      startedAt: expect.any(String),
      endsAt: expect.any(String),
      submissionId: expect.any(String),
    });
    expect(JSON.stringify(items)).not.toMatch(/access|password|secret/i);

    // Act 2: the publisher ends the first session (twice: idempotent); still at the limit
    const end1 = `/offers/ops-drive/test-drive/sessions/${id1}/end`;
    const ended = await publisher.call('POST', end1);
    const again = await publisher.call('POST', end1);
    const done1 = await statusOf(c1, ops, id1, 'ended');
    const stillAtLimit = await start(c3);

    // Assert 2: access then end e-mail, the Dataverse user disabled without roles, refused at the limit
    expect(ended.status).toBe(202);
    expect(again.status).toBe(202);
    expect(done1.body.endReason).toBe('publisher');
    expect(await mailsOf(id1, 'access')).toHaveLength(1);
    await inbox().waitFor(
      (m) => m.headers['x-test-drive-session'] === id1 && m.headers['x-test-drive-mail'] === 'ended',
    );
    expect(userOf(id1)).toMatchObject({ isdisabled: true, roles: [] });
    expect(stillAtLimit.status).toBe(429);
    expect((await publisher.call('POST', end1)).status).toBe(202);

    // Act 3: the second one ends too: under the limit, the third customer gets in
    expect((await publisher.call('POST', `/offers/ops-drive/test-drive/sessions/${id2}/end`)).status).toBe(
      202,
    );
    await statusOf(c2, ops, id2, 'ended');
    const s3 = await start(c3);

    // Assert 3
    expect(s3.status).toBe(202);
    expect(userOf(id2)).toMatchObject({ isdisabled: true, roles: [] });
    await statusOf(c3, ops, s3.body.sessionId as string, 'active');
    await endAsCustomer(c3, ops, s3.body.sessionId as string);
    expect((await putOverrides({})).status).toBe(200);
  });

  it("When another account lists or ends the offer's sessions or touches its overrides, then it gets 404 and nothing changes", async () => {
    // Arrange
    const mallory = await publisherOn(host.url, uniqueAccount('tdops-b'), 'mallory');
    const customer = await customerOn(host.url, `ops-iso-${account}`);
    const started = await start(customer);
    const id = started.body.sessionId as string;
    await statusOf(customer, ops, id, 'active');
    const etag = (await publisher.call('GET', overrides)).headers.get('etag')!;

    // Act
    const answers = [
      await mallory.call('GET', '/offers/ops-drive/test-drive/sessions'),
      await mallory.call('POST', `/offers/ops-drive/test-drive/sessions/${id}/end`),
      await mallory.call('GET', overrides),
      await mallory.call('PUT', overrides, { maxConcurrent: 1 }, { 'if-match': etag }),
      await publisher.call('POST', `/offers/quota-drive/test-drive/sessions/${id}/end`),
    ];
    await new Promise((r) => setTimeout(r, 1000));

    // Assert: the session belongs to ops-drive, so even the owner gets 404 under another offer
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404]);
    expect((await customer.call('GET', drives(ops, id))).body.status).toBe('active');
    expect((await publisher.call('GET', overrides)).headers.get('etag')).toBe(etag);
    await endAsCustomer(customer, ops, id);
  });

  it('When a customer starts more test drives than the per-customer quota, then 429 quotaExceeded names the quota with Retry-After, other customers still get in, and concurrent starts never exceed the per-offer quota', async () => {
    // Arrange
    const q1 = await customerOn(host.url, `quota1-${account}`);
    const crowd = await Promise.all(
      Array.from({ length: 8 }, (_, n) => customerOn(host.url, `quota-crowd${n}-${account}`)),
    );
    for (let i = 0; i < 2; i++) {
      const ok = await start(q1, quotas);
      expect(ok.status).toBe(202);
      await endAsCustomer(q1, quotas, ok.body.sessionId as string);
    }

    // Act: the customer's third start, then 8 other customers at once (the offer has 4 of 6 left)
    const third = await start(q1, quotas);
    const atOnce = await Promise.all(crowd.map((c) => start(c, quotas)));

    // Assert
    expect(third.status).toBe(429);
    expect(third.headers.get('content-type')).toContain('application/problem+json');
    expect(third.body).toMatchObject({
      code: 'quotaExceeded',
      errors: [{ pointer: '', code: 'testDriveStartsPerCustomer' }],
    });
    expect(third.body.detail).toContain('testDriveStartsPerCustomer');
    const retry = Number(third.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(3601);
    const accepted = atOnce.map((r, n) => ({ r, who: crowd[n]! })).filter(({ r }) => r.status === 202);
    const refused = atOnce.filter((r) => r.status === 429);
    expect([accepted.length, refused.length]).toEqual([4, 4]);
    for (const r of refused) {
      expect(r.body.errors[0].code).toBe('testDriveStartsPerOffer');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // A refused start is not a session: only the accepted ones are listed
    const listed = await publisher.call('GET', '/offers/quota-drive/test-drive/sessions');
    expect(listed.body.items.map((s: { customerEmail: string }) => s.customerEmail).sort()).toEqual(
      accepted.map(({ who }) => who.email).sort(),
    );
    for (const { r, who } of accepted) {
      await statusOf(who, quotas, r.body.sessionId as string, 'active');
      await endAsCustomer(who, quotas, r.body.sessionId as string);
    }
  });

  it('When contact requests arrive at once, then the per-customer and per-offer quotas are never exceeded', async () => {
    // Arrange
    const same = await customerOn(host.url, `contact-same-${account}`);
    const crowd = await Promise.all(
      Array.from({ length: 10 }, (_, n) => customerOn(host.url, `contact${n}-${account}`)),
    );
    const ask = (who: Customer) =>
      who.call('POST', `/storefront/offers/${quotas}/contact-requests`, {
        firstName: 'Casey',
        lastName: 'Customer',
        email: who.email,
        company: 'Fabrikam',
        consent: true,
      });

    // Act: 10 at once from one customer (quota 3), then 10 customers at once (offer quota 5, 3 used)
    const fromOne = await Promise.all(Array.from({ length: 10 }, () => ask(same)));
    const fromMany = await Promise.all(crowd.map(ask));

    // Assert
    const count = (answers: { status: number }[], status: number) =>
      answers.filter((a) => a.status === status).length;
    expect([count(fromOne, 202), count(fromOne, 429)]).toEqual([3, 7]);
    expect(new Set(fromOne.filter((a) => a.status === 429).map((a) => a.body.errors[0].code))).toEqual(
      new Set(['contactRequestsPerCustomer']),
    );
    expect([count(fromMany, 202), count(fromMany, 429)]).toEqual([2, 8]);
    expect(new Set(fromMany.filter((a) => a.status === 429).map((a) => a.body.errors[0].code))).toEqual(
      new Set(['contactRequestsPerOffer']),
    );
    for (const a of [...fromOne, ...fromMany].filter((x) => x.status === 429))
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    const leads = await publisher.call('GET', '/offers/quota-drive/leads?pageSize=100');
    expect(leads.body.items.filter((l: { origin: string }) => l.origin === 'contactRequest')).toHaveLength(5);
  });

  it('When a session is lost while still provisioning, then the sweeper deprovisions it once its provisioning deadline has passed', async () => {
    // Arrange: the role assignment hangs, so the session stays provisioning; its orchestration is lost
    const customer = await customerOn(host.url, `stuck-${account}`);
    standIns.dataverse.failures.failNext('associateRole', 1, { mode: 'timeout' });
    const started = await start(customer);
    expect(started.status).toBe(202);
    const id = started.body.sessionId as string;
    await eventually(
      () => Promise.resolve(userOf(id)),
      (u) => u !== undefined,
      30_000,
      'Dataverse user created',
    );
    const terminated = await fetch(
      `${host.url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(`testdrive:${id}`)}/terminate?reason=lost`,
      {
        method: 'POST',
        headers: masterKeyHeader(),
      },
    );
    expect(terminated.status).toBe(202);
    const sweep = async () => {
      const res = await fetch(`${host.url}/admin/functions/sweepTestDrives?wait=true`, {
        method: 'POST',
        headers: { ...masterKeyHeader(), 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(200);
    };

    // Act 1: within 1 h (duration) + 2 h (provisioning timeout) + 5 min grace of the request: left alone
    await advanceClockOf(host.url, 3 * 3_600_000);
    await sweep();
    await new Promise((r) => setTimeout(r, 1500));

    // Assert 1
    expect((await customer.call('GET', drives(ops, id))).body.status).toBe('provisioning');
    expect(userOf(id)).toMatchObject({ isdisabled: false });

    // Act 2: past the deadline
    await advanceClockOf(host.url, 6 * 60_000);
    await sweep();
    await sweep(); // a second pass while the sweep runs changes nothing

    // Assert 2
    const ended = await statusOf(customer, ops, id, 'ended');
    expect(ended.body.endReason).toBe('sweeper');
    expect(userOf(id)).toMatchObject({ isdisabled: true });
    await inbox().waitFor(
      (m) => m.headers['x-test-drive-session'] === id && m.headers['x-test-drive-mail'] === 'ended',
    );
    expect(await mailsOf(id, 'ended')).toHaveLength(1);
    expect((await start(customer)).status).toBe(202);
  });
});
