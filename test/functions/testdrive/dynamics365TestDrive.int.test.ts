import { uniqueAccount } from '../../support/publisherApi';
import { publisherOn } from '../../support/publishingStack';
import { inbox } from '../../support/stack';
import {
  advanceClockOf,
  customerOn,
  eventually,
  publishTestDriveOffer,
  startTestDriveStack,
  type TestDriveStack,
} from '../../support/testDriveStack';

jest.setTimeout(240_000);

/**
 * Dynamics 365 test drives end to end over HTTP: the real host and durable engine, the Dataverse
 * and Entra ID stand-ins (the provisioner's real Web API calls), the lead receiver stand-in, the
 * e-mail inbox; the offer is taken live through the publishing API.
 */
describe('Dynamics 365 test drives', () => {
  let stack: TestDriveStack;
  const account = uniqueAccount('td365');
  let listingId: string;
  const flow = `flow-${account}`;

  beforeAll(async () => {
    stack = await startTestDriveStack();
    const dataverse = stack.standIns.dataverse;
    listingId = await publishTestDriveOffer(stack, account, 'crm-drive', 'dynamics365CustomerEngagement', (b) => {
      b['test-drive'].instanceUrl = dataverse.webApiUrl().replace(/\/api\/data\/.*$/, '');
      b['test-drive'].instanceWebApiUrl = dataverse.webApiUrl();
      b['test-drive'].roleName = 'test-drive-role';
      b['test-drive'].maxConcurrent = 2;
      b['test-drive'].durationHours = 2;
      b.setup.leadManagement = {
        destination: 'httpsEndpoint',
        notificationEmails: [`leads-${account}@contoso.example`],
        connection: { httpsEndpointUrl: `${stack.standIns.urls.leads}/https-endpoint/${flow}` },
      };
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const mails = async (session: string) => (await inbox().list()).filter((m) => m.headers['x-test-drive-session'] === session);
  const userOf = (session: string) => stack.standIns.dataverse.users().find((u) => u.domainname.startsWith(`testdrive-${session.replace(/[^A-Za-z0-9-]/g, '').toLowerCase().slice(0, 40)}`));

  it('When a customer starts a test drive, then a user with the role is made, access is e-mailed, the lead is delivered, and after durationHours everything is removed', async () => {
    // Arrange
    const customer = await customerOn(stack.host.url, `cust-a-${account}`);

    // Act
    const started = await customer.call('POST', `/storefront/offers/${listingId}/test-drives`, { company: 'Fabrikam' });

    // Assert: answered at once
    expect(started.status).toBe(202);
    const sessionId = started.body.sessionId as string;
    expect(started.headers.get('location')).toBe(`/api/storefront/offers/${encodeURIComponent(listingId)}/test-drives/${sessionId}`);
    expect(started.body).toMatchObject({ status: 'provisioning', type: 'dynamics365CustomerEngagement' });

    const active = await eventually(() => customer.call('GET', `/storefront/offers/${listingId}/test-drives/${sessionId}`), (r) => r.body?.status === 'active', 30_000, 'active session');
    expect(active.body.access).toMatchObject({ role: 'test-drive-role' });
    const user = userOf(sessionId);
    expect(user).toMatchObject({ isdisabled: false, roles: [expect.any(String)] });
    const access = await inbox().waitFor((m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === 'access');
    expect(access.to.map((r: any) => r.address ?? r)).toContainEqual(expect.stringContaining(customer.email));
    expect(Date.parse(active.body.endsAt) - Date.parse(active.body.startedAt)).toBe(2 * 3_600_000);

    // The lead: delivered to the HTTPS endpoint and the notification address e-mailed
    const received = await eventually(() => Promise.resolve(stack.standIns.leads.received('https-endpoint').filter((r) => r.path.endsWith(flow))), (r) => r.length === 1, 30_000, 'lead at the HTTPS endpoint');
    expect(received[0]?.body).toMatchObject({ ActionCode: 'StartTestDrive', UserDetails: { Email: customer.email, Company: 'Fabrikam' } });
    await inbox().waitFor((m) => m.subject.startsWith('New lead for') && JSON.stringify(m).includes(`leads-${account}@contoso.example`));

    // Act: time passes
    await advanceClockOf(stack.host.url, 2 * 3_600_000 + 1000);

    // Assert: ended by itself, user disabled and without roles, both e-mails
    const ended = await eventually(() => customer.call('GET', `/storefront/offers/${listingId}/test-drives/${sessionId}`), (r) => r.body?.status === 'ended', 30_000, 'ended session');
    expect(ended.body.endReason).toBe('expired');
    expect(userOf(sessionId)).toMatchObject({ isdisabled: true, roles: [] });
    await inbox().waitFor((m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === 'ended');
    expect((await mails(sessionId)).map((m) => m.headers['x-test-drive-mail']).sort()).toEqual(['access', 'ended']);

    const as = await publisherOn(stack.host.url, account);
    const leads = await as.call('GET', '/offers/crm-drive/leads');
    expect(leads.status).toBe(200);
    expect(leads.body.items.find((l: any) => l.sessionId === sessionId)).toMatchObject({ origin: 'testDrive', delivery: { status: 'delivered', destination: 'httpsEndpoint' } });
  });

  it('When the customer ends the session early, then it is deprovisioned at once and the slot is free again', async () => {
    // Arrange
    const customer = await customerOn(stack.host.url, `cust-b-${account}`);
    const started = await customer.call('POST', `/storefront/offers/${listingId}/test-drives`);
    const sessionId = started.body.sessionId as string;
    await eventually(() => customer.call('GET', `/storefront/offers/${listingId}/test-drives/${sessionId}`), (r) => r.body?.status === 'active', 30_000, 'active session');

    // Act
    const end = await customer.call('POST', `/storefront/offers/${listingId}/test-drives/${sessionId}/end`);

    // Assert
    expect(end.status).toBe(202);
    const ended = await eventually(() => customer.call('GET', `/storefront/offers/${listingId}/test-drives/${sessionId}`), (r) => r.body?.status === 'ended', 30_000, 'ended session');
    expect(ended.body.endReason).toBe('customer');
    expect(userOf(sessionId)).toMatchObject({ isdisabled: true, roles: [] });
    const again = await customer.call('POST', `/storefront/offers/${listingId}/test-drives`);
    expect(again.status).toBe(202);
    await eventually(() => customer.call('GET', `/storefront/offers/${listingId}/test-drives/${again.body.sessionId}`), (r) => r.body?.status === 'active', 30_000, 'second session');
    await customer.call('POST', `/storefront/offers/${listingId}/test-drives/${again.body.sessionId}/end`);
    await eventually(() => customer.call('GET', `/storefront/offers/${listingId}/test-drives/${again.body.sessionId}`), (r) => r.body?.status === 'ended', 30_000, 'second ended');
  });

  it('When maxConcurrent sessions run, then the next customer gets 429 with Retry-After, and a slot frees after one ends', async () => {
    // Arrange: maxConcurrent is 2
    const [a, b, c] = await Promise.all([1, 2, 3].map((n) => customerOn(stack.host.url, `cust-cap${n}-${account}`)));
    const first = await a!.call('POST', `/storefront/offers/${listingId}/test-drives`);
    const second = await b!.call('POST', `/storefront/offers/${listingId}/test-drives`);
    expect([first.status, second.status]).toEqual([202, 202]);

    // Act
    const third = await c!.call('POST', `/storefront/offers/${listingId}/test-drives`);

    // Assert
    expect(third.status).toBe(429);
    expect(third.headers.get('content-type')).toContain('application/problem+json');
    expect(third.body.code).toBe('testDriveCapacityFull');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(third.headers.get('retry-after'))).toBeLessThanOrEqual(2 * 3600 + 60);

    // Act: one ends
    await eventually(() => a!.call('GET', `/storefront/offers/${listingId}/test-drives/${first.body.sessionId}`), (r) => r.body?.status === 'active', 30_000, 'first active');
    await a!.call('POST', `/storefront/offers/${listingId}/test-drives/${first.body.sessionId}/end`);
    await eventually(() => a!.call('GET', `/storefront/offers/${listingId}/test-drives/${first.body.sessionId}`), (r) => r.body?.status === 'ended', 30_000, 'first ended');

    // Assert: the waiting customer gets in
    const retried = await c!.call('POST', `/storefront/offers/${listingId}/test-drives`);
    expect(retried.status).toBe(202);
    expect(stack.standIns.dataverse.highWater()).toBeLessThanOrEqual(2);

    // Clean up: end the two running sessions (the next test needs a free slot)
    for (const [who, id] of [[b!, second.body.sessionId], [c!, retried.body.sessionId]] as const) {
      await eventually(() => who.call('GET', `/storefront/offers/${listingId}/test-drives/${id}`), (r) => r.body?.status === 'active', 30_000, 'active');
      await who.call('POST', `/storefront/offers/${listingId}/test-drives/${id}/end`);
      await eventually(() => who.call('GET', `/storefront/offers/${listingId}/test-drives/${id}`), (r) => r.body?.status === 'ended', 30_000, 'ended');
    }
  });

  it('When the provisioning fails half-way, then what was made is removed, the slot is freed and the customer is told', async () => {
    // Arrange: the user is created, then the role assignment fails for good (a 400 is not retried)
    const customer = await customerOn(stack.host.url, `cust-fail-${account}`);
    stack.standIns.dataverse.failures.failNext('associateRole', 1, { mode: 'status', status: 400 });
    const active = stack.standIns.dataverse.activeUsers();

    // Act
    const started = await customer.call('POST', `/storefront/offers/${listingId}/test-drives`);

    // Assert
    expect(started.status).toBe(202);
    const sessionId = started.body.sessionId as string;
    const failed = await eventually(() => customer.call('GET', `/storefront/offers/${listingId}/test-drives/${sessionId}`), (r) => r.body?.status === 'failed', 30_000, 'failed session');
    expect(failed.body.endReason).toBe('provisioningFailed');
    expect(userOf(sessionId)).toMatchObject({ isdisabled: true, roles: [] });
    expect(stack.standIns.dataverse.activeUsers()).toBe(active);
    await inbox().waitFor((m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === 'failed');
  });
});
