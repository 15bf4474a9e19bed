import { TableClient } from '@azure/data-tables';
import { AzureTableSink } from '../../../adapters/leads/azureTableSink';
import { Dynamics365Sink, dataverseLeadId } from '../../../adapters/leads/dynamics365Sink';
import { HttpsEndpointSink } from '../../../adapters/leads/httpsEndpointSink';
import { MarketoSink } from '../../../adapters/leads/marketoSink';
import { SalesforceSink } from '../../../adapters/leads/salesforceSink';
import { verifyWebhook } from '../../../domain/certification/webhookSignature';
import type { DeliverableLead } from '../../../domain/leads/deliverableLead';
import { testLead } from '../../../domain/leads/testLead';
import type { ExternalStandIns } from '../../../devhost/standins/externalStandIns';
import { LOCAL_POLICY, startTestExternalStandIns, TEST_WEBHOOK_SECRET } from '../../support/externalStandIns';
import { stackInfo } from '../../support/stack';

const lead = (leadId: string): DeliverableLead => ({
  leadId,
  publisherId: 'contoso',
  offerId: 'sales-helper',
  offerTitle: 'Sales Helper',
  source: 'AppSource (SPZA)',
  action: 'PLT',
  customer: {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    company: 'Analytical Engines',
    phone: '1234567890',
    country: 'GB',
    title: 'CTO',
  },
  description: 'Please call me',
  createdAt: '2025-01-01T10:00:00.000Z',
});

describe('lead sinks against their stand-ins', () => {
  let s: ExternalStandIns;
  beforeAll(async () => {
    s = await startTestExternalStandIns();
  });
  afterAll(() => s.close());

  describe('HTTPS endpoint', () => {
    const sink = () =>
      new HttpsEndpointSink({
        httpsEndpointUrl: `${s.urls.leads}/https-endpoint/flow-1?sig=abc`,
        policy: LOCAL_POLICY,
        signingSecrets: [TEST_WEBHOOK_SECRET],
        timeoutMs: 1000,
      });

    it('When a lead is delivered, then the endpoint receives the documented JSON, signed, with the lead id as webhook-id', async () => {
      await expect(sink().deliver(lead('L-1'))).resolves.toMatchObject({
        destination: 'httpsEndpoint',
        reference: 'lead_L-1',
      });
      const got = s.leads.received('https-endpoint').at(-1);
      expect(got?.body).toEqual({
        ActionCode: 'PLT',
        OfferTitle: 'Sales Helper',
        LeadSource: 'AppSource (SPZA)-PLT|contoso.sales-helper',
        Description: 'Please call me',
        UserDetails: {
          Company: 'Analytical Engines',
          Country: 'GB',
          Email: 'ada@example.com',
          FirstName: 'Ada',
          LastName: 'Lovelace',
          Phone: '1234567890',
          Title: 'CTO',
        },
      });
      expect(got?.headers['webhook-id']).toBe('lead_L-1');
      expect(
        verifyWebhook(got?.headers ?? {}, JSON.stringify(got?.body), [TEST_WEBHOOK_SECRET], Date.now() / 1000)
          .ok,
      ).toBe(true);
    });

    it('When the endpoint answers 500 twice, then two deliveries fail retryably and the third is received', async () => {
      s.leads.failures.failNext('https-endpoint', 2);
      const before = s.leads.received('https-endpoint').length;
      const outcomes: string[] = [];
      for (let i = 0; i < 3; i++)
        outcomes.push(
          await sink()
            .deliver(lead('L-2'))
            .then(
              () => 'ok',
              (e: { retryable?: boolean }) => `retryable=${e.retryable}`,
            ),
        );
      expect(outcomes).toEqual(['retryable=true', 'retryable=true', 'ok']);
      expect(s.leads.received('https-endpoint').length).toBe(before + 1);
    });

    it('When the endpoint does not answer, then the delivery times out retryably', async () => {
      s.leads.failures.failNext('https-endpoint', 1, { mode: 'timeout' });
      await expect(sink().deliver(lead('L-3'))).rejects.toMatchObject({
        retryable: true,
        message: expect.stringMatching(/no answer within 1000 ms/),
      });
    });

    it('When the endpoint URL is the metadata address or http, then it is refused and nothing is sent', async () => {
      await expect(
        new HttpsEndpointSink({
          httpsEndpointUrl: 'https://169.254.169.254/metadata',
          policy: LOCAL_POLICY,
        }).deliver(lead('L-4')),
      ).rejects.toMatchObject({ name: 'UnsafeUrlError' });
      await expect(
        new HttpsEndpointSink({
          httpsEndpointUrl: s.urls.leads.replace('https:', 'http:'),
          policy: LOCAL_POLICY,
        }).deliver(lead('L-4')),
      ).rejects.toThrow(/only https/);
    });
  });

  describe('Azure Table (Azurite)', () => {
    const connection = () => stackInfo().appSettings.ASSETS_STORAGE_CONNECTION_STRING as string;

    it('When a lead is delivered twice, then the table holds one row for it with the lead fields', async () => {
      const sink = new AzureTableSink({
        storageAccountConnectionString: connection(),
        policy: LOCAL_POLICY,
        tableName: 'LeadsTest',
      });
      await sink.deliver(lead('T-1'));
      await sink.deliver({ ...lead('T-1'), description: 'updated' });
      const table = TableClient.fromConnectionString(connection(), 'LeadsTest');
      const rows = [];
      for await (const e of table.listEntities({ queryOptions: { filter: "RowKey eq 'T-1'" } })) rows.push(e);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        partitionKey: 'sales-helper',
        rowKey: 'T-1',
        Email: 'ada@example.com',
        LeadSource: 'AppSource (SPZA)-PLT|contoso.sales-helper',
        Description: 'updated',
      });
    });

    it('When the connection string points at a private address, then it is refused', async () => {
      const bad =
        'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=eA==;TableEndpoint=https://10.1.2.3/x;';
      await expect(
        new AzureTableSink({ storageAccountConnectionString: bad, policy: LOCAL_POLICY }).deliver(
          lead('T-2'),
        ),
      ).rejects.toMatchObject({ name: 'UnsafeUrlError' });
    });
  });

  describe('Dynamics 365 (Dataverse leads)', () => {
    const sink = () =>
      new Dynamics365Sink({
        instanceUrl: s.dataverse.webApiUrl().replace(/\/api\/data\/v9\.2$/, ''),
        authentication: 'azureAD',
        applicationId: '66666666-6666-6666-6666-666666666666',
        directoryId: '22222222-2222-2222-2222-222222222222',
        applicationKey: 'k',
        authorityHost: s.urls.entra,
        policy: LOCAL_POLICY,
      });

    it('When a lead is delivered twice, then Dataverse holds one lead record (upsert by an id derived from ours)', async () => {
      const r = await sink().deliver(lead('D-1'));
      await sink().deliver(lead('D-1'));
      expect(r).toEqual({ destination: 'dynamics365', idempotent: true, reference: dataverseLeadId('D-1') });
      expect(s.dataverse.leadWrites()[dataverseLeadId('D-1')]).toBe(2);
      expect(s.dataverse.leads().filter((l) => l.leadid === dataverseLeadId('D-1'))).toEqual([
        expect.objectContaining({
          firstname: 'Ada',
          lastname: 'Lovelace',
          emailaddress1: 'ada@example.com',
          companyname: 'Analytical Engines',
        }),
      ]);
    });

    it('When Dataverse answers 503, then delivery fails retryably', async () => {
      s.dataverse.failures.failNext('lead', 1, { mode: 'status', status: 503 });
      await expect(sink().deliver(lead('D-2'))).rejects.toMatchObject({ status: 503, retryable: true });
    });

    it('When Office 365 authentication is configured, then the sink refuses it', () => {
      expect(
        () =>
          new Dynamics365Sink({
            instanceUrl: 'https://x.crm.dynamics.com',
            authentication: 'office365',
            authorityHost: s.urls.entra,
            policy: LOCAL_POLICY,
          }),
      ).toThrow(/Azure AD/);
    });
  });

  describe('Marketo', () => {
    const sink = () =>
      new MarketoSink({
        serverId: 'ys12',
        munchkinId: '123-PQR-789',
        formId: '1179',
        formBaseUrl: `${s.urls.leads}/marketo/{serverId}`,
        policy: LOCAL_POLICY,
      });

    it('When a lead is delivered, then the form post carries the Munchkin id, form id and lead fields', async () => {
      await sink().deliver(lead('M-1'));
      const got = s.leads.received('marketo').at(-1);
      expect(got?.path).toBe('/marketo/ys12/index.php/leadCapture/save2');
      expect(got?.body).toMatchObject({
        munchkinId: '123-PQR-789',
        formid: '1179',
        FirstName: 'Ada',
        LastName: 'Lovelace',
        Email: 'ada@example.com',
        LeadSource: 'AppSource (SPZA)-PLT|contoso.sales-helper',
      });
    });

    it('When Marketo is down once, then the delivery fails retryably and then succeeds', async () => {
      s.leads.failures.failNext('marketo', 1, { mode: 'status', status: 502 });
      await expect(sink().deliver(lead('M-2'))).rejects.toMatchObject({ retryable: true });
      await expect(sink().deliver(lead('M-2'))).resolves.toMatchObject({ destination: 'marketo' });
    });

    it('When the server id would change the host, then it is refused', async () => {
      await expect(
        new MarketoSink({
          serverId: 'evil.example#',
          munchkinId: '123-PQR-789',
          formId: '1',
          formBaseUrl: 'https://app-{serverId}.marketo.com',
          policy: LOCAL_POLICY,
        }).deliver(lead('M-3')),
      ).rejects.toMatchObject({ retryable: false });
    });
  });

  describe('Salesforce', () => {
    const sink = () =>
      new SalesforceSink({
        objectIdentifier: '00Do0000000ZHog',
        webToLeadUrl: `${s.urls.leads}/salesforce/servlet/servlet.WebToLead?encoding=UTF-8`,
        policy: LOCAL_POLICY,
      });

    it('When the publisher sends a test lead, then Web-to-Lead receives the MSFT_TEST values with the org id', async () => {
      await sink().deliver(
        testLead({
          leadId: 'S-T',
          publisherId: 'contoso',
          offerId: 'sales-helper',
          offerTitle: 'Sales Helper',
          now: new Date(),
        }),
      );
      const got = s.leads.received('salesforce').at(-1);
      expect(got?.body).toMatchObject({
        oid: '00Do0000000ZHog',
        encoding: 'UTF-8',
        first_name: 'MSFT_TEST_FirstName',
        last_name: 'MSFT_TEST_LastName',
        email: 'MSFT_TEST@example.com',
        lead_source: 'AppSource (SPZA)-PLT|contoso.sales-helper',
      });
    });

    it('When Salesforce is down for good, then every attempt fails retryably and nothing is recorded', async () => {
      s.leads.failures.failNext('salesforce', 5);
      const before = s.leads.received('salesforce').length;
      for (let i = 0; i < 5; i++)
        await expect(sink().deliver(lead('S-2'))).rejects.toMatchObject({ retryable: true });
      expect(s.leads.received('salesforce').length).toBe(before);
    });
  });
});
