import { randomBytes } from 'node:crypto';
import type { HostProcess } from '../../devhost/stack';
import { uniqueAccount } from '../support/publisherApi';
import { publisherOn } from '../support/publishingStack';
import {
  customerOn,
  eventually,
  publishTestDriveOffer,
  startTestDriveHost,
  startTestDriveStack,
  type TestDriveStack,
} from '../support/testDriveStack';

jest.setTimeout(240_000);

/**
 * SSRF end to end: a lead's HTTPS endpoint is a URL the publisher chooses and the system calls.
 * The offer is published on a host that allows loopback (the local stand-ins live there); leads
 * are then taken by a second host configured as in Azure (OUTBOUND_ALLOW_LOOPBACK=false), with
 * the endpoint pointed at the metadata address, a private address, IPv6 loopback and a DNS name
 * that resolves to loopback. Each lead ends undelivered at once (not retried) and the lead
 * receiver, which listens on loopback, gets no request.
 */
describe('Lead endpoints that point inside the network', () => {
  let stack: TestDriveStack;
  let strict: HostProcess;
  const account = uniqueAccount('ssrf');
  const offerId = 'ssrf-offer';
  const listingId = `${account}.${offerId}`;
  let receiverPort: string;

  beforeAll(async () => {
    stack = await startTestDriveStack();
    receiverPort = new URL(stack.standIns.urls.leads).port;
    await publishTestDriveOffer(stack, account, offerId, 'dynamics365CustomerEngagement', (b) => {
      const dataverse = stack.standIns.dataverse;
      b['test-drive'].instanceUrl = dataverse.webApiUrl().replace(/\/api\/data\/.*$/, '');
      b['test-drive'].instanceWebApiUrl = dataverse.webApiUrl();
      b.setup.leadManagement = {
        destination: 'httpsEndpoint',
        notificationEmails: [],
        connection: { httpsEndpointUrl: `${stack.standIns.urls.leads}/https-endpoint/ssrf-${account}-published` },
      };
    });
    strict = await startTestDriveHost({ ...stack.hostEnv, OUTBOUND_ALLOW_LOOPBACK: 'false', DEVHOST_DURABLE_HUB: `ssrf${randomBytes(4).toString('hex')}` }, 'ssrf-strict');
  });
  afterAll(async () => {
    await strict?.stop();
    await stack?.stop();
  });

  /** Points the offer's endpoint (a secret, read at delivery) at `url`, then a customer asks to be contacted through `hostUrl`. */
  const leadThrough = async (hostUrl: string, url: string) => {
    const as = await publisherOn(stack.host.url, account, 'alice');
    const read = await as.call('GET', `/offers/${offerId}/sections/setup`);
    const value = structuredClone(read.body.value);
    value.leadManagement.connection = { httpsEndpointUrl: url };
    const saved = await as.call('PUT', `/offers/${offerId}/sections/setup`, value, { 'if-match': read.headers.get('etag')! });
    expect(saved.status).toBe(200);
    const customer = await customerOn(hostUrl, `ssrf-customer-${randomBytes(3).toString('hex')}`);
    const contact = await customer.call('POST', `/storefront/offers/${listingId}/contact-requests`, {
      firstName: 'Casey',
      lastName: 'Customer',
      email: customer.email,
      company: 'Fabrikam',
      consent: true,
    });
    expect(contact.status).toBe(202);
    const leadId = contact.body.leadId as string;
    const lead = await eventually(
      async () => ((await as.call('GET', `/offers/${offerId}/leads?pageSize=100`)).body.items as any[]).find((l) => l.leadId === leadId),
      (l) => l !== undefined && l.delivery.status !== 'pending',
      30_000,
      `lead ${leadId} finished`,
    );
    return lead;
  };
  const receivedAt = (tag: string) => stack.standIns.leads.received('https-endpoint').filter((r) => r.path.includes(tag));

  it.each([
    ['the instance metadata address', 'https://169.254.169.254/latest/meta-data/identity?sig=do-not-log-me', /169\.254\.169\.254.*link-local/],
    ['a private address', 'https://10.0.0.5/hooks/leads', /10\.0\.0\.5.*private/],
    ['the Azure wire server', 'https://168.63.129.16/machine', /wire server/],
    ['an IPv4-mapped IPv6 private address', 'https://[::ffff:192.168.1.1]/hook', /private/],
  ])('When the endpoint is %s, then the lead is undelivered at the first attempt with the reason', async (_what, url, reason) => {
    const lead = await leadThrough(strict.url, url);
    expect(lead.delivery.status).toBe('undelivered');
    expect(lead.delivery.attempts).toHaveLength(1);
    expect(lead.delivery.attempts[0].error).toMatch(reason);
    expect(JSON.stringify(lead)).not.toContain('do-not-log-me'); // the URL's query may carry a signature: never recorded
  });

  it('When the endpoint is IPv6 loopback or a DNS name resolving to loopback and loopback is not allowed, then no request reaches the receiver', async () => {
    const tagV6 = `ssrf-v6-${account}`;
    const tagDns = `ssrf-dns-${account}`;

    const v6 = await leadThrough(strict.url, `https://[::1]:${receiverPort}/https-endpoint/${tagV6}`);
    const dns = await leadThrough(strict.url, `https://localhost:${receiverPort}/https-endpoint/${tagDns}`);
    const v4 = await leadThrough(strict.url, `https://127.0.0.1:${receiverPort}/https-endpoint/${tagDns}-v4`);

    for (const lead of [v6, dns, v4]) {
      expect(lead.delivery.status).toBe('undelivered');
      expect(lead.delivery.attempts[0].error).toMatch(/loopback/);
    }
    expect(receivedAt(tagV6)).toEqual([]);
    expect(receivedAt(tagDns)).toEqual([]);
  });

  it('When the same loopback endpoint is used through the host that allows loopback (the local stand-ins), then it is delivered', async () => {
    const tag = `ssrf-allowed-${account}`;

    const lead = await leadThrough(stack.host.url, `https://127.0.0.1:${receiverPort}/https-endpoint/${tag}`);

    expect(lead.delivery.status).toBe('delivered');
    expect(receivedAt(tag)).toHaveLength(1);
  });
});
