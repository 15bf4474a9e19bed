import { verifyWebhook } from '../../../domain/certification/webhookSignature';
import { completeSetupWithoutTestDriveWrite, fixtureAlias } from '../../support/offerFixtures';
import { uniqueAccount } from '../../support/publisherApi';
import { publisherOn } from '../../support/publishingStack';
import { startTestDriveStack, type TestDriveStack } from '../../support/testDriveStack';

jest.setTimeout(120_000);

/**
 * "Send a test lead" and lead signing over HTTP: a draft offer whose setup section names an
 * HTTPS endpoint (the lead receiver stand-in); the receiver verifies the Standard Webhooks
 * signature with the secret the publisher reads from the API.
 */
describe('Test leads and signed HTTPS endpoint leads', () => {
  let stack: TestDriveStack;
  const account = uniqueAccount('tdlead');
  const flow = `flow-${account}`;
  let as: Awaited<ReturnType<typeof publisherOn>>;

  const saveSetup = async (offerId: string, leadManagement: unknown) => {
    const created = await as.call('POST', '/offers', { offerId, alias: fixtureAlias });
    expect(created.status).toBe(201);
    const read = await as.call('GET', `/offers/${offerId}/sections/setup`);
    const saved = await as.call(
      'PUT',
      `/offers/${offerId}/sections/setup`,
      { ...completeSetupWithoutTestDriveWrite(), listingType: 'contactMe', leadManagement },
      { 'if-match': read.headers.get('etag')! },
    );
    expect(saved.status).toBe(200);
  };

  beforeAll(async () => {
    stack = await startTestDriveStack();
    as = await publisherOn(stack.host.url, account);
    await saveSetup('signed', {
      destination: 'httpsEndpoint',
      notificationEmails: [],
      connection: { httpsEndpointUrl: `${stack.standIns.urls.leads}/https-endpoint/${flow}` },
    });
    await saveSetup('other', {
      destination: 'httpsEndpoint',
      notificationEmails: [],
      connection: { httpsEndpointUrl: `${stack.standIns.urls.leads}/https-endpoint/${flow}-other` },
    });
    await saveSetup('nowhere', { destination: 'none', notificationEmails: [] });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('When a publisher sends a test lead, then the endpoint receives the MSFT_TEST lead signed with the offer secret and the receiver can verify it', async () => {
    // Act
    const sent = await as.call('POST', '/offers/signed/leads/test');
    const secret = await as.call('GET', '/offers/signed/leads/signing-secret');

    // Assert
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      delivered: true,
      destination: 'httpsEndpoint',
      leadId: expect.stringMatching(/^test-/),
    });
    expect(secret.status).toBe(200);
    expect(secret.body.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const received = stack.standIns.leads
      .received('https-endpoint')
      .filter((r) => r.path.endsWith(`/${flow}`));
    expect(received).toHaveLength(1);
    const lead = received[0]!;
    expect(lead.body).toMatchObject({
      UserDetails: { FirstName: 'MSFT_TEST_FirstName', Email: 'MSFT_TEST@example.com' },
    });
    expect(lead.headers['webhook-id']).toBe(`lead_${sent.body.leadId}`);
    const now = Date.now() / 1000;
    expect(verifyWebhook(lead.headers, lead.rawBody, [secret.body.signingSecret], now)).toMatchObject({
      ok: true,
      id: `lead_${sent.body.leadId}`,
    });
    // A tampered body, or another destination's secret, does not verify
    expect(
      verifyWebhook(
        lead.headers,
        lead.rawBody.replace('MSFT_TEST_Company', 'Evil'),
        [secret.body.signingSecret],
        now,
      ),
    ).toMatchObject({ ok: false, status: 401 });
    const other = await as.call('GET', '/offers/other/leads/signing-secret');
    expect(other.body.signingSecret).not.toBe(secret.body.signingSecret);
    expect(verifyWebhook(lead.headers, lead.rawBody, [other.body.signingSecret], now)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it('When the endpoint refuses the test lead, then the answer says so with the error and whether retrying can help', async () => {
    // Arrange
    stack.standIns.leads.failures.failNext('https-endpoint', 1, { mode: 'status', status: 503 });

    // Act
    const sent = await as.call('POST', '/offers/signed/leads/test');

    // Assert
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      delivered: false,
      destination: 'httpsEndpoint',
      retryable: true,
      error: expect.stringContaining('503'),
    });
  });

  it('When the offer has no destination, or belongs to another account, then 409 or 404 and nothing is sent', async () => {
    // Arrange
    const stranger = await publisherOn(stack.host.url, uniqueAccount('tdlead-x'));
    const before = stack.standIns.leads.received().length;

    // Act
    const none = await as.call('POST', '/offers/nowhere/leads/test');
    const noSecret = await as.call('GET', '/offers/nowhere/leads/signing-secret');
    const foreign = await stranger.call('POST', '/offers/signed/leads/test');
    const foreignSecret = await stranger.call('GET', '/offers/signed/leads/signing-secret');

    // Assert
    expect([none.status, none.body.code]).toEqual([409, 'leadDestinationMissing']);
    expect([noSecret.status, noSecret.body.code]).toEqual([409, 'leadDestinationMissing']);
    expect(foreign.status).toBe(404);
    expect(foreignSecret.status).toBe(404);
    expect(JSON.stringify(foreignSecret.body)).not.toContain('whsec_');
    expect(stack.standIns.leads.received()).toHaveLength(before);
  });
});
