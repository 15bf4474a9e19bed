import { uniqueAccount } from '../../support/publisherApi';
import { publisherOn } from '../../support/publishingStack';
import { inbox } from '../../support/stack';
import { advanceClockOf, customerOn, eventually, publishTestDriveOffer, startTestDriveStack, type TestDriveStack } from '../../support/testDriveStack';

jest.setTimeout(300_000);

const SUB = '2f1e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b';

/**
 * Logic app, Power BI and Azure Resource Manager test drives from start to automatic end over
 * HTTP, each against its stand-in (ARM with Logic apps), with the lead delivered.
 */
describe('Test drive types', () => {
  let stack: TestDriveStack;
  const account = uniqueAccount('tdtypes');
  const flow = `flow-${account}`;
  const listing: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startTestDriveStack();
    const leadManagement = () => ({ destination: 'httpsEndpoint', notificationEmails: [], connection: { httpsEndpointUrl: `${stack.standIns.urls.leads}/https-endpoint/${flow}` } });
    listing.logicApp = await publishTestDriveOffer(stack, account, 'logic-drive', 'logicApp', (b) => {
      b['test-drive'].durationHours = 1;
      b['test-drive'].resourceGroupName = 'td-logic';
      b.setup.leadManagement = leadManagement();
    });
    listing.powerBI = await publishTestDriveOffer(stack, account, 'powerbi-drive', 'powerBI', (b) => {
      b.setup.leadManagement = leadManagement();
    });
    listing.azureResourceManager = await publishTestDriveOffer(stack, account, 'arm-drive', 'azureResourceManager', (b) => {
      b['test-drive'].durationHours = 3;
      b['test-drive'].regions = ['westeurope'];
      b['test-drive'].instances = { hot: 0, cold: 2 };
      b.setup.leadManagement = leadManagement();
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const hours: Record<string, number> = { logicApp: 1, powerBI: 1, azureResourceManager: 3 };

  it.each(['logicApp', 'powerBI', 'azureResourceManager'])('When a %s test drive runs its time, then access is e-mailed, it ends by itself, nothing is left provisioned and the lead is delivered', async (type) => {
    // Arrange
    const customer = await customerOn(stack.host.url, `c-${type.toLowerCase()}-${account}`);
    const listingId = listing[type] as string;
    const path = `/storefront/offers/${listingId}/test-drives`;

    // Act
    const started = await customer.call('POST', path, { company: 'Contoso' });
    expect(started.status).toBe(202);
    const sessionId = started.body.sessionId as string;
    const active = await eventually(() => customer.call('GET', `${path}/${sessionId}`), (r) => r.body?.status === 'active' || r.body?.status === 'failed', 60_000, `${type} active`);
    expect(active.body.status).toBe('active');
    const s = stack.standIns;
    if (type === 'logicApp') expect(s.arm.logic.assigned()[`${SUB}/td-logic`.toLowerCase()]).toContain(sessionId);
    if (type === 'powerBI') expect(active.body.access.embedUrl).toMatch(/^https:\/\/app\.powerbi\.com\//);
    if (type === 'azureResourceManager') expect(s.arm.resourceGroups()).toContain(`${SUB}/testdrive-${sessionId}`);
    await inbox().waitFor((m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === 'access');

    await advanceClockOf(stack.host.url, (hours[type] as number) * 3_600_000 + 1000);

    // Assert
    const ended = await eventually(() => customer.call('GET', `${path}/${sessionId}`), (r) => r.body?.status === 'ended', 60_000, `${type} ended`);
    expect(ended.body.endReason).toBe('expired');
    if (type === 'logicApp') expect(s.arm.logic.assigned()[`${SUB}/td-logic`.toLowerCase()] ?? []).not.toContain(sessionId);
    if (type === 'azureResourceManager') expect(s.arm.resourceGroups()).not.toContain(`${SUB}/testdrive-${sessionId}`);
    await inbox().waitFor((m) => m.headers['x-test-drive-session'] === sessionId && m.headers['x-test-drive-mail'] === 'ended');
    const offerId = listingId.slice(account.length + 1);
    const leads = await eventually(
      async () => (await (await publisherOn(stack.host.url, account)).call('GET', `/offers/${offerId}/leads`)).body.items as any[],
      (items) => items.some((l) => l.sessionId === sessionId && l.delivery.status === 'delivered'),
      30_000,
      'lead delivered',
    );
    expect(leads.find((l) => l.sessionId === sessionId).customer).toMatchObject({ email: customer.email, company: 'Contoso' });
  });
});
