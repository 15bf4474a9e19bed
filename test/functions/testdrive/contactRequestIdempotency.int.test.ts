import { randomBytes } from 'node:crypto';
import type { ExternalStandIns } from '../../../devhost/standins/externalStandIns';
import type { HostProcess } from '../../../devhost/stack';
import { startTestExternalStandIns } from '../../support/externalStandIns';
import { uniqueAccount } from '../../support/publisherApi';
import { publisherOn } from '../../support/publishingStack';
import {
  customerToken,
  eventually,
  publishTestDriveOffer,
  startTestDriveHost,
  testDriveHostEnv,
} from '../../support/testDriveStack';

jest.setTimeout(120_000);

/**
 * "Contact me" retried with an Idempotency-Key (a lost answer, a restarted host): the same key and
 * body store one lead, answer the first response again and deliver once; another body under the
 * key is 422; another key is another lead; replays are not counted against the customer's quota.
 * A host of the test's own with a contact request quota of 2 per customer an hour.
 */
describe('Contact requests with an Idempotency-Key', () => {
  let standIns: ExternalStandIns;
  let host: HostProcess;
  const account = uniqueAccount('cridem');
  const flow = `flow-${account}`;
  let listingId: string;

  beforeAll(async () => {
    standIns = await startTestExternalStandIns();
    const hostEnv = {
      ...testDriveHostEnv(standIns, `cridem${randomBytes(4).toString('hex')}`),
      QUOTA_CONTACT_REQUESTS_PER_CUSTOMER: '2/1h',
    };
    host = await startTestDriveHost(hostEnv, 'cridem');
    const stack = { host, standIns, hostEnv, stop: () => Promise.resolve() };
    listingId = await publishTestDriveOffer(stack, account, 'contact-idem', 'powerBI', (b) => {
      b.setup.leadManagement = {
        destination: 'httpsEndpoint',
        notificationEmails: [],
        connection: { httpsEndpointUrl: `${standIns.urls.leads}/https-endpoint/${flow}` },
      };
    });
  });
  afterAll(async () => {
    await host?.stop();
    standIns?.close();
  });

  const email = `grace-${account}@customer.example`;
  const contact = (message: string) => ({
    firstName: 'Grace',
    lastName: 'Hopper',
    email,
    company: 'Fabrikam',
    consent: true,
    message,
  });
  const ask = async (token: string, key: string | undefined, body: unknown) => {
    const res = await fetch(`${host.url}/api/storefront/offers/${listingId}/contact-requests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      replayed: res.headers.get('idempotency-replayed'),
      body: (await res.json()) as any,
    };
  };
  const leadsOfCustomer = async () => {
    const publisher = await publisherOn(host.url, account);
    const res = await publisher.call('GET', `/offers/${listingId.slice(account.length + 1)}/leads`);
    return (res.body.items as any[]).filter((l) => l.customer.email === email);
  };
  const deliveredTo = (leadId: string) =>
    standIns.leads
      .received('https-endpoint')
      .filter((r) => r.path.includes(flow) && r.headers['webhook-id'] === `lead_${leadId}`);

  it('When a customer retries with the same key, then one lead is stored and delivered once; another body is 422, another key another lead, and replays do not use up the quota', async () => {
    // Arrange
    const token = await customerToken(`c-${account}`, email);
    const keyA = `contact-${randomBytes(6).toString('hex')}`;
    const keyB = `contact-${randomBytes(6).toString('hex')}`;

    // Act: the first request, three retries with the same key and body, one with another body
    const first = await ask(token, keyA, contact('Please call me.'));
    const retries = [
      await ask(token, keyA, contact('Please call me.')),
      await ask(token, keyA, contact('Please call me.')),
      await ask(token, keyA, contact('Please call me.')),
    ];
    const otherBody = await ask(token, keyA, contact('Please e-mail me instead.'));

    // Assert: one lead, the same answer replayed, one delivery
    expect(first).toMatchObject({ status: 202, replayed: null, body: { status: 'received' } });
    const leadA = first.body.leadId as string;
    for (const retry of retries) expect(retry).toEqual({ status: 202, replayed: 'true', body: first.body });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.type).toMatch(/idempotencyKeyReused$/);
    await eventually(
      leadsOfCustomer,
      (ls) => ls.some((l) => l.leadId === leadA && l.delivery.status === 'delivered'),
      30_000,
      'lead A delivered',
    );

    // Act: another key is another request (the customer's second and last within the quota)
    const second = await ask(token, keyB, contact('Please call me.'));
    const third = await ask(token, `contact-${randomBytes(6).toString('hex')}`, contact('Please call me.'));
    const replayAfterQuota = await ask(token, keyA, contact('Please call me.'));

    // Assert: a second lead; the quota (2) counted the two new requests, not the replays
    expect(second).toMatchObject({ status: 202, replayed: null });
    expect(second.body.leadId).not.toBe(leadA);
    expect(third.status).toBe(429);
    expect(third.body.errors[0].code).toBe('contactRequestsPerCustomer');
    expect(replayAfterQuota).toEqual({ status: 202, replayed: 'true', body: first.body });
    const leads = await eventually(
      leadsOfCustomer,
      (ls) => ls.length === 2 && ls.every((l) => l.delivery.status === 'delivered'),
      30_000,
      'both leads delivered',
    );
    expect(leads.map((l) => l.leadId).sort()).toEqual([leadA, second.body.leadId].sort());
    expect(deliveredTo(leadA)).toHaveLength(1);
    expect(deliveredTo(second.body.leadId)).toHaveLength(1);
    expect(standIns.leads.received('https-endpoint').filter((r) => r.path.includes(flow))).toHaveLength(2);
  });
});
