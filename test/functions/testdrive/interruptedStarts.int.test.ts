import { randomUUID } from 'node:crypto';
import { containers } from '../../../adapters/cosmos/containers';
import { cosmosContainer } from '../../../adapters/cosmos/cosmosContainer';
import { CosmosLeadStore } from '../../../adapters/cosmos/cosmosLeadStore';
import { CosmosTestDriveStore } from '../../../adapters/cosmos/cosmosTestDriveStore';
import type { Lead } from '../../../domain/leads/Lead';
import type { TestDriveSession } from '../../../domain/testdrive/TestDriveSession';
import { uniqueAccount } from '../../support/publisherApi';
import { publisherOn } from '../../support/publishingStack';
import { cosmosClient, fireFunction, stackInfo } from '../../support/stack';
import { customerOn, eventually, publishTestDriveOffer, startTestDriveStack, type TestDriveStack } from '../../support/testDriveStack';

jest.setTimeout(180_000);

/**
 * Starts cut short: a host stopped between storing a session (or a lead) and starting its
 * orchestration leaves the stored document and no instance. Written here as that moment leaves
 * them (through the app's own stores, no host involved), then the app must finish the start:
 * the customer's retried start or early end resumes a session, the resumeLeadDeliveries timer
 * delivers a lead whose round never started (only its own task hub's).
 */
describe('Interrupted test drive and lead starts', () => {
  let stack: TestDriveStack;
  const account = uniqueAccount('interrupted');
  const flow = `flow-${account}`;
  let listingId: string;
  const db = () => cosmosClient().database(stackInfo().appSettings.COSMOS_DATABASE as string);
  const sessions = () => new CosmosTestDriveStore(db().container('testDrives'));
  const leads = () => new CosmosLeadStore(db().container('offerLeads'));

  beforeAll(async () => {
    // The host creates containers on first use; this suite writes into them before it does.
    stack = await startTestDriveStack();
    for (const c of containers) if (c.id === 'testDrives' || c.id === 'offerLeads') await cosmosContainer(c);
    const dataverse = stack.standIns.dataverse;
    listingId = await publishTestDriveOffer(stack, account, 'cut-short', 'dynamics365CustomerEngagement', (b) => {
      b['test-drive'].instanceUrl = dataverse.webApiUrl().replace(/\/api\/data\/.*$/, '');
      b['test-drive'].instanceWebApiUrl = dataverse.webApiUrl();
      b['test-drive'].roleName = 'test-drive-role';
      b['test-drive'].maxConcurrent = 3;
      b['test-drive'].durationHours = 1;
      b.setup.leadManagement = { destination: 'httpsEndpoint', notificationEmails: [], connection: { httpsEndpointUrl: `${stack.standIns.urls.leads}/https-endpoint/${flow}` } };
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** A session as the reservation stores it, with nothing started after it. */
  const reservedOnly = async (customerId: string): Promise<string> => {
    const live = (await (await publisherOn(stack.host.url, account)).call('GET', '/offers/cut-short/submissions')).body;
    const submissionId = ((live.items ?? live) as { submissionId: string; state: string }[]).find((s) => s.state === 'live')!.submissionId;
    const session: Omit<TestDriveSession, 'slot'> = {
      sessionId: randomUUID(),
      listingId,
      accountId: account,
      offerId: 'cut-short',
      submissionId,
      visibility: 'live',
      offerTitle: 'Contoso Field Assist',
      type: 'dynamics365CustomerEngagement',
      pool: 'offer',
      customer: { customerId, email: `${customerId}@customer.example`, firstName: 'Casey', lastName: 'Customer' },
      leadId: randomUUID(),
      durationHours: 1,
      status: 'provisioning',
      requestedAt: new Date().toISOString(),
      taskHub: stack.hostEnv.DEVHOST_DURABLE_HUB,
    };
    const reserved = await sessions().reserve(session, 3);
    if (!('reserved' in reserved)) throw new Error(`not reserved: ${JSON.stringify(reserved)}`);
    return session.sessionId;
  };
  const leadOf = (sessionId: string) => eventually(async () => (await leads().list(listingId, { pageSize: 100 })).items.find((l) => l.sessionId === sessionId), (l) => l?.status === 'delivered', 30_000, 'lead delivered');

  it('When a customer retries a start that was cut short after the reservation, then the session is started (409 with its Location) and its lead delivered', async () => {
    const customer = await customerOn(stack.host.url, `c-retry-${account}`);
    const sessionId = await reservedOnly(customer.customerId);

    const retried = await customer.call('POST', `/storefront/offers/${listingId}/test-drives`);

    expect(retried.status).toBe(409);
    expect(retried.headers.get('location')).toContain(sessionId);
    const active = await eventually(() => customer.call('GET', `/storefront/offers/${listingId}/test-drives/${sessionId}`), (r) => r.body?.status === 'active', 30_000, 'active');
    expect(active.body.access).toMatchObject({ role: 'test-drive-role' });
    expect((await leadOf(sessionId))?.origin).toBe('testDrive');
    await customer.call('POST', `/storefront/offers/${listingId}/test-drives/${sessionId}/end`);
    await eventually(() => customer.call('GET', `/storefront/offers/${listingId}/test-drives/${sessionId}`), (r) => r.body?.status === 'ended', 30_000, 'ended');
  });

  it('When a customer ends a session whose start was cut short, then 202 and the session ends with its slot freed (no 500)', async () => {
    const customer = await customerOn(stack.host.url, `c-end-${account}`);
    const sessionId = await reservedOnly(customer.customerId);

    const end = await customer.call('POST', `/storefront/offers/${listingId}/test-drives/${sessionId}/end`);

    expect(end.status).toBe(202);
    const ended = await eventually(() => customer.call('GET', `/storefront/offers/${listingId}/test-drives/${sessionId}`), (r) => r.body?.status === 'ended', 30_000, 'ended');
    expect(ended.body.endReason).toBe('customer');
    expect((await sessions().listActive(listingId)).map((s) => s.sessionId)).not.toContain(sessionId);
    await leadOf(sessionId);
  });

  it('When a contact lead was stored and its delivery never started, then resumeLeadDeliveries delivers it once; a lead of another task hub is left alone', async () => {
    const lead = (leadId: string, taskHub: string): Lead => ({
      leadId,
      listingId,
      accountId: account,
      publisherId: account,
      offerId: 'cut-short',
      offerTitle: 'Contoso Field Assist',
      source: 'AppSource (SPZA)',
      action: 'PLT',
      customer: { firstName: 'Ada', lastName: 'Lovelace', email: `ada-${leadId}@customer.example`, company: 'Analytical Engines' },
      // Older than the 5 minutes a start may take.
      createdAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      origin: 'contactRequest',
      submissionId: 'unused',
      consent: true,
      status: 'pending',
      attempts: [],
      round: 1,
      taskHub,
    });
    const ours = randomUUID();
    const theirs = randomUUID();
    await leads().create(lead(ours, stack.hostEnv.DEVHOST_DURABLE_HUB as string));
    await leads().create(lead(theirs, 'someOtherHub'));

    // (A timer run through the admin API reports no result: the effects are what is checked.)
    await fireFunction('resumeLeadDeliveries', undefined, stack.host.url);
    await eventually(() => leads().get(listingId, ours), (l) => l?.status === 'delivered', 30_000, 'resumed lead delivered');
    await fireFunction('resumeLeadDeliveries', undefined, stack.host.url);
    await new Promise((r) => setTimeout(r, 1500));

    expect((await leads().get(listingId, ours))?.attempts).toHaveLength(1);
    expect(stack.standIns.leads.received('https-endpoint').filter((r) => r.headers['webhook-id'] === `lead_${ours}`)).toHaveLength(1);
    expect((await leads().get(listingId, theirs))?.status).toBe('pending');
  });
});
