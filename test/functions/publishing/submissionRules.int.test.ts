import { containers } from '../../../adapters/cosmos/containers';
import { cosmosContainer } from '../../../adapters/cosmos/cosmosContainer';
import { createHmac, randomUUID } from 'node:crypto';
import { cosmosClient, stackInfo } from '../../support/stack';
import { TEST_WEBHOOK_SECRET } from '../../support/externalStandIns';
import { uniqueAccount } from '../../support/publisherApi';
import { createCompleteOffer, editSection, publisherOn, startPublishingStack, waitForSubmission, type PublishingStack } from '../../support/publishingStack';
import { signWebhook } from '../../../domain/certification/webhookSignature';

jest.setTimeout(180_000);

/** Submission rules over HTTP: readiness, pre-flight, one in flight, Idempotency-Key, the signed callback. */
describe('Submission rules', () => {
  let stack: PublishingStack;
  const account = uniqueAccount('subrules');

  beforeAll(async () => {
    stack = await startPublishingStack();
    await createCompleteOffer(account, 'rules-app');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('When the offer has an incomplete section, then pre-flight lists the failing fields and a submit is refused with them', async () => {
    // Arrange
    const as = await publisherOn(stack.host.url, account);
    await as.call('POST', '/offers', { offerId: 'half-done', alias: 'Half done' });

    // Act
    const preflight = await as.call('POST', '/offers/half-done/preflight');
    const submit = await as.call('POST', '/offers/half-done/submissions', { notesForCertification: '' });

    // Assert
    expect(preflight.status).toBe(200);
    expect(preflight.body.passed).toBe(false);
    expect(preflight.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/listing', code: 'sectionNotStarted' })]));
    expect(submit.status).toBe(422);
    expect(submit.headers.get('content-type')).toContain('application/problem+json');
    expect(submit.body.code).toBe('offerNotReady');
    expect(submit.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(preflight.body.issues.map((e: { pointer: string }) => e.pointer));
  });

  it('When the package SAS has expired, then pre-flight fails on crmPackageUrl and flags sovereign regions as notes', async () => {
    // Arrange
    await createCompleteOffer(account, 'sas-app');
    await editSection(account, 'sas-app', 'technical-configuration', (v) => {
      v.crmPackageUrl = 'https://contosopackages.blob.core.windows.net/packages/app.zip?sv=2019-12-12&sr=b&sp=r&se=2020-01-01T00:00:00Z&sig=abc%3D';
      v.packageRegions = [{ region: 'nam' }, { region: 'germany-sovereign' }];
    });
    const as = await publisherOn(stack.host.url, account);

    // Act
    const preflight = await as.call('POST', '/offers/sas-app/preflight');

    // Assert
    expect(preflight.body.passed).toBe(false);
    expect(preflight.body.issues).toEqual([expect.objectContaining({ pointer: '/technical-configuration/crmPackageUrl', code: 'sasExpired' })]);
    expect(preflight.body.notes).toEqual([expect.objectContaining({ pointer: '/technical-configuration/packageRegions/1/region', code: 'sovereignRegion' })]);
  });

  it('When a submit is retried with its Idempotency-Key, then the first answer is replayed; another body is 422; another submit is 409 while one is in flight', async () => {
    // Arrange
    const as = await publisherOn(stack.host.url, account);
    const key = randomUUID();
    const body = { notesForCertification: '[never] held in certification for this test' };

    // Act
    const first = await as.call('POST', '/offers/rules-app/submissions', body, { 'idempotency-key': key });
    const retried = await as.call('POST', '/offers/rules-app/submissions', body, { 'idempotency-key': key });
    const otherBody = await as.call('POST', '/offers/rules-app/submissions', { notesForCertification: 'different' }, { 'idempotency-key': key });
    const secondSubmit = await as.call('POST', '/offers/rules-app/submissions', body);
    const otherAccount = await publisherOn(stack.host.url, uniqueAccount('other'));
    const sameKeyOtherAccount = await otherAccount.call('POST', '/offers/rules-app/submissions', body, { 'idempotency-key': key });

    // Assert
    expect(first.status).toBe(202);
    expect(retried.status).toBe(202);
    expect(retried.headers.get('idempotency-replayed')).toBe('true');
    expect(retried.body.submissionId).toBe(first.body.submissionId);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('idempotencyKeyReused');
    expect(secondSubmit.status).toBe(409);
    expect(secondSubmit.body.code).toBe('submissionInFlight');
    expect(sameKeyOtherAccount.status).toBe(404); // the key is scoped to the account: it ran, and found no such offer
    const list = await as.call('GET', '/offers/rules-app/submissions');
    expect(list.body.items.map((s: { submissionId: string }) => s.submissionId)).toEqual([first.body.submissionId]);
    await as.call('POST', `/offers/rules-app/submissions/${first.body.submissionId}/cancel`);
  });

  it('When the same Idempotency-Key arrives twice at once, then one submission is created and the other request is replayed or told 409', async () => {
    // Arrange
    const as = await publisherOn(stack.host.url, account);
    const key = randomUUID();
    const body = { notesForCertification: '[never]' };

    // Act
    const answers = await Promise.all([1, 2, 3].map(() => as.call('POST', '/offers/rules-app/submissions', body, { 'idempotency-key': key })));

    // Assert
    const created = answers.filter((a) => a.status === 202);
    expect(answers.every((a) => a.status === 202 || (a.status === 409 && a.body.code === 'idempotencyKeyInUse'))).toBe(true);
    expect(new Set(created.map((a) => a.body.submissionId)).size).toBe(1);
    await as.call('POST', `/offers/rules-app/submissions/${created[0]!.body.submissionId}/cancel`);
  });

  it('When a certification callback is forged, stale or malformed, then it is refused and nothing is stored; a valid one replayed 100 times has one effect', async () => {
    // Arrange
    const as = await publisherOn(stack.host.url, account);
    await editSection(account, 'rules-app', 'listing', (v) => (v.shortDescription = 'Callback test.'));
    const submitted = await as.call('POST', '/offers/rules-app/submissions', { notesForCertification: '[never]' });
    const id = submitted.body.submissionId as string;
    await waitForSubmission(as, 'rules-app', id, (s) => s.activity.some((a: { action: string }) => a.action === 'sentToCertification'));
    const payload = JSON.stringify({
      type: 'certification.completed',
      timestamp: new Date().toISOString(),
      data: { certificationRequestId: 'req-1', submissionId: id, result: 'failed', report: { summary: 'Bad logo.', findings: [{ pointer: '/listing/images/smallLogo', code: 'x', message: 'Blurry logo', severity: 'error' }] } },
    });
    const post = (headers: object, body = payload) =>
      fetch(`${stack.host.url}/api/certification/callback`, { method: 'POST', headers: { "content-type": "application/json", ...(headers as Record<string, string>) }, body });
    const now = Date.now() / 1000;
    const wrongSecret = `whsec_${Buffer.from('some-other-secret').toString('base64')}`;
    const forgedSig = { ...signWebhook('msg_forged', now, payload, [TEST_WEBHOOK_SECRET]), 'webhook-signature': `v1,${createHmac('sha256', 'x').update('y').digest('base64')}` };

    // Act
    const forged = await post(forgedSig);
    const wrong = await post(signWebhook('msg_wrong', now, payload, [wrongSecret]));
    const stale = await post(signWebhook('msg_stale', now - 600, payload, [TEST_WEBHOOK_SECRET]));
    const malformed = await post({ 'webhook-id': 'msg_bad', 'webhook-timestamp': 'yesterday', 'webhook-signature': 'v1,abc=' });
    const tampered = await post(signWebhook('msg_tampered', now, payload, [TEST_WEBHOOK_SECRET]), payload.replace('failed', 'passed'));
    // A sender rotating secrets signs with the old and the new one: accepted when either is ours.
    const valid = signWebhook('msg_valid', now, payload, [wrongSecret, TEST_WEBHOOK_SECRET]);
    const deliveries = [];
    for (let i = 0; i < 100; i++) deliveries.push((await post(valid)).status);

    // Assert
    expect([forged.status, wrong.status, stale.status, malformed.status, tampered.status]).toEqual([401, 401, 401, 400, 401]);
    expect(new Set(deliveries)).toEqual(new Set([200]));
    const failed = await waitForSubmission(as, 'rules-app', id, (s) => s.state === 'certificationFailed');
    expect(failed.certificationReport.findings[0].pointer).toBe('/listing/images/smallLogo');
    expect(failed.activity.filter((a: { action: string }) => a.action === 'certificationFailed')).toHaveLength(1);
    const inbox = cosmosClient().database(stackInfo().appSettings.COSMOS_DATABASE ?? 'marketplace').container('certificationInbox');
    const { resources } = await inbox.items
      .query({ query: 'SELECT c.id FROM c WHERE c.submissionId = @s', parameters: [{ name: '@s', value: id }] })
      .fetchAll();
    expect(resources.map((r: { id: string }) => r.id)).toEqual(['msg_valid']);
  });

  it('When a signed callback carries a submission id or webhook-id that cannot be an id (40,000 emoji, a slash), then it is refused 400 naming it and nothing is recorded', async () => {
    const payloadFor = (submissionId: string) =>
      JSON.stringify({
        type: 'certification.completed',
        timestamp: new Date().toISOString(),
        data: { certificationRequestId: 'req-y', submissionId, result: 'passed', report: { summary: '', findings: [] } },
      });
    const post = async (webhookId: string, payload: string) => {
      const res = await fetch(`${stack.host.url}/api/certification/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signWebhook(webhookId, Date.now() / 1000, payload, [TEST_WEBHOOK_SECRET]) },
        body: payload,
      });
      return { status: res.status, body: (await res.json()) as { code: string; errors: Array<{ pointer: string; code: string }> } };
    };

    const ids = [`msg_${randomUUID()}`, `msg_${randomUUID()}`];
    const longId = await post(ids[0]!, payloadFor('😀'.repeat(40_000)));
    const slashId = await post(ids[1]!, payloadFor('a/b'));
    const slashWebhook = await post('msg/with/slashes', payloadFor(randomUUID()));

    expect(longId.status).toBe(400);
    expect(longId.body.errors.map((e) => e.pointer)).toEqual(['/data/submissionId']);
    expect(slashId.status).toBe(400);
    expect(slashId.body.errors.map((e) => e.pointer)).toEqual(['/data/submissionId']);
    expect({ status: slashWebhook.status, code: slashWebhook.body.code, errors: slashWebhook.body.errors.map((e) => e.code) }).toEqual({
      status: 400,
      code: 'webhookMalformed',
      errors: ['invalidWebhookId'],
    });
    // Refused before the inbox was touched: it may not even exist yet (the host creates it on first use).
    const inbox = await cosmosContainer(containers.find((c) => c.id === 'certificationInbox')!);
    const { resources } = await inbox.items
      .query({
        query: 'SELECT c.id FROM c WHERE c.id = @a OR c.id = @b OR c.id = @c',
        parameters: [
          { name: '@a', value: ids[0]! },
          { name: '@b', value: ids[1]! },
          { name: '@c', value: 'msg/with/slashes' },
        ],
      })
      .fetchAll();
    expect(resources).toEqual([]);
  });

  it('When a callback names an unknown submission, then it is acknowledged and recorded, not retried forever', async () => {
    const payload = JSON.stringify({
      type: 'certification.completed',
      timestamp: new Date().toISOString(),
      data: { certificationRequestId: 'req-x', submissionId: 'no-such-submission', result: 'passed', report: { summary: '', findings: [] } },
    });
    const res = await fetch(`${stack.host.url}/api/certification/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signWebhook(`msg_${randomUUID()}`, Date.now() / 1000, payload, [TEST_WEBHOOK_SECRET]) },
      body: payload,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, outcome: 'unknownSubmission' });
  });
});
