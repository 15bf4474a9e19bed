import { TableClient } from '@azure/data-tables';
import { dataverseLeadId } from '../../../adapters/leads/dynamics365Sink';
import { DELIVERY_BACKOFF_SECONDS } from '../../../domain/leads/Lead';
import { uniqueAccount } from '../../support/publisherApi';
import { publisherOn } from '../../support/publishingStack';
import { inbox, stackInfo } from '../../support/stack';
import { advanceClockOf, customerOn, eventually, publishTestDriveOffer, startTestDriveStack, type TestDriveStack } from '../../support/testDriveStack';

jest.setTimeout(300_000);

/**
 * "Contact me" leads end to end over HTTP: stored, then delivered by the deliverLead
 * orchestration to each kind of destination (each against its stand-in), retried with back-off
 * on the host clock, left undelivered and visible when the destination stays down, replayable.
 */
describe('Lead delivery', () => {
  let stack: TestDriveStack;
  const account = uniqueAccount('leads');
  const flow = `flow-${account}`;
  const offers: Record<string, string> = {};
  const tableConnection = () => stackInfo().appSettings.ASSETS_STORAGE_CONNECTION_STRING as string;

  beforeAll(async () => {
    stack = await startTestDriveStack();
    const s = stack.standIns;
    const destinations: Record<string, unknown> = {
      httpsEndpoint: { httpsEndpointUrl: `${s.urls.leads}/https-endpoint/${flow}` },
      azureTable: { storageAccountConnectionString: tableConnection() },
      dynamics365: {
        instanceUrl: s.dataverse.webApiUrl().replace(/\/api\/data\/.*$/, ''),
        authentication: 'azureAD',
        applicationId: '50c464d3-4930-494c-963c-1e951d15360e',
        directoryId: '6d4b9c1e-2f4a-4c3b-9d1e-7a8b9c0d1e2f',
        applicationKey: 'lead-writer-secret',
      },
      marketo: { serverId: 'ys12', munchkinId: '123-PQR-789', formId: '1179' },
      salesforce: { objectIdentifier: '00Do0000000ZHog' },
    };
    for (const [destination, connection] of Object.entries(destinations)) {
      offers[destination] = await publishTestDriveOffer(stack, account, `contact-${destination.toLowerCase()}`, 'powerBI', (b) => {
        b.setup.leadManagement = { destination, notificationEmails: [`sales-${account}@contoso.example`], connection };
      });
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const contact = (n: string) => ({ firstName: 'Ada', lastName: `Lovelace${n}`, email: `ada${n}-${account}@customer.example`, company: 'Analytical Engines', consent: true });
  const leadsOf = async (offerId: string) => (await (await publisherOn(stack.host.url, account)).call('GET', `/offers/${offerId}/leads`)).body.items as any[];
  const leadById = (offerId: string, leadId: string) => leadsOf(offerId).then((items) => items.find((l) => l.leadId === leadId));

  it.each(['httpsEndpoint', 'azureTable', 'dynamics365', 'marketo', 'salesforce'])('When a customer asks to be contacted on an offer with a %s destination, then the lead arrives there and shows as delivered', async (destination) => {
    // Arrange
    const n = `-${destination.toLowerCase()}`;
    const customer = await customerOn(stack.host.url, `c${n}-${account}`, contact(n).email);
    const listingId = offers[destination] as string;
    const offerId = listingId.slice(account.length + 1);

    // Act
    const res = await customer.call('POST', `/storefront/offers/${listingId}/contact-requests`, contact(n));

    // Assert
    expect(res.status).toBe(202);
    const leadId = res.body.leadId as string;
    const lead = await eventually(() => leadById(offerId, leadId), (l) => l?.delivery.status === 'delivered', 30_000, `${destination} delivery`);
    expect(lead).toMatchObject({ origin: 'contactRequest', consent: true, delivery: { destination, attempts: [{ outcome: 'delivered' }] } });
    const s = stack.standIns;
    switch (destination) {
      case 'httpsEndpoint':
        expect(s.leads.received('https-endpoint').find((r) => r.headers['webhook-id'] === `lead_${leadId}`)?.body).toMatchObject({ ActionCode: 'PLT', UserDetails: { Email: contact(n).email } });
        break;
      case 'marketo':
      case 'salesforce':
        expect(s.leads.received(destination).some((r) => JSON.stringify(r.body).includes(contact(n).email))).toBe(true);
        break;
      case 'dynamics365':
        expect(s.dataverse.leadWrites()[dataverseLeadId(leadId)]).toBe(1);
        break;
      case 'azureTable': {
        const table = TableClient.fromConnectionString(tableConnection(), 'MarketplaceLeads');
        expect(await table.getEntity(offerId, leadId)).toMatchObject({ Email: contact(n).email, ActionCode: 'PLT' });
        break;
      }
    }
    await inbox().waitFor((m) => m.headers['x-lead-id'] === leadId);
  });

  it('When consent is not given, then the request is refused with a field error and nothing is stored', async () => {
    const customer = await customerOn(stack.host.url, `c-noconsent-${account}`, contact('-nc').email);
    const res = await customer.call('POST', `/storefront/offers/${offers.httpsEndpoint}/contact-requests`, { ...contact('-nc'), consent: false });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/consent' })]);
  });

  it('When the destination is down for a while, then the lead is retried with back-off and delivered later', async () => {
    // Arrange
    const customer = await customerOn(stack.host.url, `c-retry-${account}`, contact('-retry').email);
    stack.standIns.leads.failures.failNext('https-endpoint', 2, { mode: 'status', status: 503 });
    const offerId = (offers.httpsEndpoint as string).slice(account.length + 1);

    // Act
    const res = await customer.call('POST', `/storefront/offers/${offers.httpsEndpoint}/contact-requests`, contact('-retry'));
    const leadId = res.body.leadId as string;
    for (let i = 0; i < 2; i++) {
      await eventually(() => leadById(offerId, leadId), (l) => l?.delivery.attempts.length === i + 1, 30_000, `attempt ${i + 1}`);
      await advanceClockOf(stack.host.url, (DELIVERY_BACKOFF_SECONDS[i] as number) * 1000 + 1000);
    }

    // Assert
    const lead = await eventually(() => leadById(offerId, leadId), (l) => l?.delivery.status === 'delivered', 30_000, 'delivered after retries');
    expect(lead.delivery.attempts.map((a: any) => a.outcome)).toEqual(['failed', 'failed', 'delivered']);
    expect(lead.delivery.attempts[0].error).toContain('503');
  });

  it('When the destination stays down, then the lead ends undelivered with its last error, and a replay delivers it', async () => {
    // Arrange
    const customer = await customerOn(stack.host.url, `c-down-${account}`, contact('-down').email);
    stack.standIns.leads.failures.failNext('salesforce', 1000, { mode: 'status', status: 500 });
    const offerId = (offers.salesforce as string).slice(account.length + 1);

    // Act
    const res = await customer.call('POST', `/storefront/offers/${offers.salesforce}/contact-requests`, contact('-down'));
    const leadId = res.body.leadId as string;
    for (let i = 0; i < DELIVERY_BACKOFF_SECONDS.length; i++) {
      await eventually(() => leadById(offerId, leadId), (l) => l?.delivery.attempts.length === i + 1, 30_000, `attempt ${i + 1}`);
      await advanceClockOf(stack.host.url, (DELIVERY_BACKOFF_SECONDS[i] as number) * 1000 + 1000);
    }

    // Assert: undelivered, visible with the error
    const lead = await eventually(() => leadById(offerId, leadId), (l) => l?.delivery.status === 'undelivered', 30_000, 'undelivered');
    expect(lead.delivery.attempts).toHaveLength(DELIVERY_BACKOFF_SECONDS.length + 1);
    expect(lead.delivery.lastError).toContain('500');
    const undelivered = (await (await publisherOn(stack.host.url, account)).call('GET', `/offers/${offerId}/leads?status=undelivered`)).body.items;
    expect(undelivered.map((l: any) => l.leadId)).toContain(leadId);

    // Act: the destination is back; the publisher replays
    stack.standIns.leads.failures.clear();
    const replay = await (await publisherOn(stack.host.url, account)).call('POST', `/offers/${offerId}/leads/${leadId}/redeliver`);

    // Assert
    expect(replay.status).toBe(202);
    await eventually(() => leadById(offerId, leadId), (l) => l?.delivery.status === 'delivered', 30_000, 'delivered after replay');
  });
});
