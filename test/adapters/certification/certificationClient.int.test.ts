import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CertificationClient } from '../../../adapters/certification/certificationClient';
import { certificationCallbackSchema } from '../../../domain/certification/certificationResult';
import { verifyWebhook } from '../../../domain/certification/webhookSignature';
import { createCertificationStandIn } from '../../../devhost/standins/certification/certificationStandIn';
import type { ExternalStandIns } from '../../../devhost/standins/externalStandIns';
import { startTestExternalStandIns, TEST_WEBHOOK_SECRET } from '../../support/externalStandIns';

interface Delivery {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A stand-in for our webhook endpoint: records what arrives; answers `nextStatuses` first, then 204. */
function callbackReceiver(): {
  server: Server;
  deliveries: Delivery[];
  nextStatuses: number[];
  url: () => string;
} {
  const deliveries: Delivery[] = [];
  const nextStatuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(nextStatuses.shift() ?? 204).end();
    });
  });
  return {
    server,
    deliveries,
    nextStatuses,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/certification/callback`,
  };
}

async function waitFor<T>(get: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('certification client against the certification stand-in', () => {
  let s: ExternalStandIns;
  let client: CertificationClient;
  const receiver = callbackReceiver();
  const submit = (submissionId: string, notes: string) =>
    client.submit({
      submissionId,
      offerId: 'contoso-sales',
      callbackUrl: receiver.url(),
      packageUrl: 'https://pkg.example/p.zip?sv=1&sig=SECRET',
      notesForCertification: notes,
    });

  beforeAll(async () => {
    s = await startTestExternalStandIns({ certificationApiKey: 'cert-key' });
    client = new CertificationClient({ endpoint: s.urls.certification, apiKey: 'cert-key' });
    await new Promise<void>((r) => receiver.server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => {
    s.close();
    receiver.server.close();
  });

  it('When a package is submitted, then the request is in progress and a signed passing callback arrives that our verifier accepts', async () => {
    const req = await submit('sub-pass', 'please certify');
    expect(req).toMatchObject({ submissionId: 'sub-pass', status: 'inProgress' });
    const d = await waitFor(() => receiver.deliveries.find((x) => x.body.includes('sub-pass')));
    const v = verifyWebhook(
      d.headers as Record<string, string>,
      d.body,
      [TEST_WEBHOOK_SECRET],
      Date.now() / 1000,
    );
    expect(v).toMatchObject({ ok: true, id: `msg_${req.certificationRequestId}` });
    const callback = certificationCallbackSchema.parse(JSON.parse(d.body));
    expect(callback.data).toMatchObject({
      result: 'passed',
      certificationRequestId: req.certificationRequestId,
      report: { findings: [] },
    });
    expect(await client.get('sub-pass')).toMatchObject({ status: 'passed' });
    // The SAS (a secret) is not kept by the service stand-in.
    expect(JSON.stringify(s.certification.get('sub-pass'))).not.toContain('SECRET');
  });

  it('When the same submission is submitted three times, then the same certification request comes back and one callback is sent', async () => {
    const [a, b, c] = [
      await submit('sub-idem', ''),
      await submit('sub-idem', ''),
      await submit('sub-idem', ''),
    ];
    expect(new Set([a.certificationRequestId, b.certificationRequestId, c.certificationRequestId]).size).toBe(
      1,
    );
    await waitFor(() => receiver.deliveries.find((x) => x.body.includes('sub-idem')));
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.deliveries.filter((x) => x.body.includes('sub-idem'))).toHaveLength(1);
    expect(s.certification.get('sub-idem')?.submitCalls).toBe(3);
  });

  it('When the notes ask for a rejection with pointers, then the callback fails with findings on those fields', async () => {
    await submit(
      'sub-reject',
      'see [reject:/listing/name] and [reject:/technical-configuration/crmPackageUrl]',
    );
    const d = await waitFor(() => receiver.deliveries.find((x) => x.body.includes('sub-reject')));
    const cb = certificationCallbackSchema.parse(JSON.parse(d.body));
    expect(cb.data.result).toBe('failed');
    expect(cb.data.report.findings.map((f) => f.pointer)).toEqual([
      '/listing/name',
      '/technical-configuration/crmPackageUrl',
    ]);
  });

  it('When the notes say [never], then no callback is sent and the request stays in progress', async () => {
    await submit('sub-never', '[never] [delay=0]');
    await new Promise((r) => setTimeout(r, 400));
    expect(receiver.deliveries.some((x) => x.body.includes('sub-never'))).toBe(false);
    expect(await client.get('sub-never')).toMatchObject({ status: 'inProgress' });
  });

  it('When our endpoint fails twice, then the callback is retried with the same webhook-id until it is acknowledged', async () => {
    receiver.nextStatuses.push(500, 503);
    // A stand-in of its own with short retry delays (plain HTTP is enough: no bearer token here).
    const local = createCertificationStandIn({
      webhookSecrets: [TEST_WEBHOOK_SECRET],
      defaultDelayMs: 10,
      retryDelaysMs: [50, 50, 50],
    });
    await new Promise<void>((r) => local.server.listen(0, '127.0.0.1', r));
    try {
      const c = new CertificationClient({
        endpoint: `http://127.0.0.1:${(local.server.address() as AddressInfo).port}`,
      });
      await c.submit({
        submissionId: 'sub-retry',
        offerId: 'o',
        callbackUrl: receiver.url(),
        packageUrl: 'https://p.example/x',
        notesForCertification: '',
      });
      const r = await waitFor(() =>
        local.get('sub-retry')?.deliveries.length === 3 ? local.get('sub-retry') : undefined,
      );
      expect(r.deliveries.map((d) => d.status)).toEqual([500, 503, 204]);
      expect(new Set(r.deliveries.map((d) => d.webhookId)).size).toBe(1);
    } finally {
      local.close();
    }
  });

  it('When a finished request is redelivered, then the same webhook-id arrives again (duplicates are the receiver’s to drop)', async () => {
    const first = await waitFor(() => receiver.deliveries.find((x) => x.body.includes('sub-pass')));
    const before = receiver.deliveries.length;
    expect(await s.certification.redeliver('sub-pass')).toBe(204);
    const again = receiver.deliveries[before] as Delivery;
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
  });

  it('When the callback is checked with a secret the service does not use, then it is rejected', async () => {
    const d = await waitFor(() => receiver.deliveries.find((x) => x.body.includes('sub-pass')));
    const other = `whsec_${Buffer.from('another-secret-another-secret-00').toString('base64')}`;
    expect(
      verifyWebhook(d.headers as Record<string, string>, d.body, [other], Date.now() / 1000),
    ).toMatchObject({ ok: false, status: 401 });
  });

  it('When the API key is wrong or the service fails, then the client throws, retryable only for the 5xx', async () => {
    const wrong = new CertificationClient({ endpoint: s.urls.certification, apiKey: 'nope' });
    await expect(
      wrong.submit({
        submissionId: 'x',
        offerId: 'o',
        callbackUrl: receiver.url(),
        packageUrl: 'https://p/x',
        notesForCertification: '',
      }),
    ).rejects.toMatchObject({ status: 401, retryable: false });
    s.certification.failures.failNext('submit', 1, { mode: 'status', status: 503 });
    await expect(submit('sub-5xx', '')).rejects.toMatchObject({ status: 503, retryable: true });
    await expect(submit('sub-5xx', '')).resolves.toMatchObject({ status: 'inProgress' });
  });

  it('When an unknown submission is read, then get answers undefined', async () => {
    expect(await client.get('never-submitted')).toBeUndefined();
  });
});
