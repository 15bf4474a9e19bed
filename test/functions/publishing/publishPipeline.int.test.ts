import { inbox } from '../../support/stack';
import { uniqueAccount } from '../../support/publisherApi';
import {
  advanceHostClock,
  createCompleteOffer,
  customerGet,
  editSection,
  publisherOn,
  startPublishingStack,
  waitForSubmission,
  type PublishingStack,
} from '../../support/publishingStack';

jest.setTimeout(180_000);

/**
 * The publish pipeline end to end over HTTP: the real host and durable engine, the certification
 * and CRM provisioning stand-ins, Cosmos DB, Azurite and the e-mail inbox.
 */
describe('Publishing pipeline', () => {
  let stack: PublishingStack;
  const account = uniqueAccount('pub');
  const engineering = 'eng@contoso.example';

  beforeAll(async () => {
    stack = await startPublishingStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const mailsOf = async (submissionId: string) =>
    (await inbox().list(engineering)).filter((m) => m.headers['x-submission-id'] === submissionId);

  it('When an offer is submitted, certified, provisioned and taken live, then customers see it and the publisher got two e-mails', async () => {
    // Arrange
    await createCompleteOffer(account, 'field-assist');
    const as = await publisherOn(stack.host.url, account);

    // Act: submit
    const submitted = await as.call('POST', '/offers/field-assist/submissions', { notesForCertification: 'First release.' });

    // Assert: accepted with our own status URL
    expect(submitted.status).toBe(202);
    const id = submitted.body.submissionId as string;
    expect(submitted.headers.get('location')).toBe(`/api/offers/field-assist/submissions/${id}`);
    expect(submitted.body).toMatchObject({ state: 'submitted', marketingOnly: false, submittedBy: 'alice' });
    expect(submitted.body.snapshot.assetIds.length).toBeGreaterThan(5);

    const inPreview = await waitForSubmission(as, 'field-assist', id, (s) => s.state === 'preview');
    expect(inPreview.timeline.map((e: any) => [e.stage, e.outcome ?? 'open'])).toEqual([
      ['validation', 'passed'],
      ['certification', 'passed'],
      ['provisioning', 'passed'],
      ['preview', 'open'],
    ]);
    expect(stack.standIns.certification.get(id)?.submitCalls).toBe(1);
    expect(stack.standIns.crmProvisioning.deployments().some((d) => d.id === `${id}-provisioning` && d.status === 'succeeded')).toBe(true);

    // Preview: visible with the hide key only
    const listingId = `${account}.field-assist`;
    await inbox().waitFor((m) => m.headers['x-submission-id'] === id && m.subject.startsWith('Preview ready'));
    expect((await customerGet(stack.host.url, `/storefront/offers/${listingId}`)).status).toBe(404);
    expect((await customerGet(stack.host.url, `/storefront/offers/${listingId}?hideKey=wrongkey`)).status).toBe(404);
    const preview = await customerGet(stack.host.url, `/storefront/offers/${listingId}?hideKey=preview2024`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ visibility: 'preview', name: 'Contoso Field Assist\u00AE' });
    expect(preview.body.hideKey).toBeUndefined();

    // Act: go live
    const goLive = await as.call('POST', `/offers/field-assist/submissions/${id}/go-live`);
    expect(goLive.status).toBe(202);
    const live = await waitForSubmission(as, 'field-assist', id, (s) => s.state === 'live');

    // Assert
    expect(live.liveVersion).toBe(1);
    expect(live.timeline.map((e: any) => [e.stage, e.outcome])).toEqual([
      ['validation', 'passed'],
      ['certification', 'passed'],
      ['provisioning', 'passed'],
      ['preview', 'passed'],
      ['publishing', 'passed'],
    ]);
    for (const e of live.timeline) expect(Date.parse(e.endedAt)).toBeGreaterThanOrEqual(Date.parse(e.startedAt));
    expect(live.activity.map((a: any) => a.action)).toEqual(expect.arrayContaining(['submitted', 'goLive', 'published', 'emailed:preview']));
    expect(live.activity.find((a: any) => a.action === 'goLive').by).toBe('alice');
    const storefront = await customerGet(stack.host.url, `/storefront/offers/${listingId}`);
    expect(storefront.body).toMatchObject({ visibility: 'live', version: 1, offerId: 'field-assist' });
    const inUs = await customerGet(stack.host.url, '/storefront/offers?market=us');
    expect(inUs.body.items.map((i: any) => i.id)).toContain(listingId);
    const inFr = await customerGet(stack.host.url, '/storefront/offers?market=fr');
    expect(inFr.body.items.map((i: any) => i.id)).not.toContain(listingId);
    await inbox().waitFor((m) => m.headers['x-submission-id'] === id && m.subject.startsWith('Live'));
    const mails = await mailsOf(id);
    expect(mails.map((m) => m.subject.split(':')[0]).sort()).toEqual(['Live', 'Preview ready']);
    expect(mails.find((m) => m.subject.startsWith('Preview'))?.plainText).toContain(`hideKey=preview2024`);
    const summary = await as.call('GET', '/offers/field-assist');
    expect(summary.body).toMatchObject({ state: 'live', live: { submissionId: id } });
  });

  it('When a live offer gets a listing-only edit, then customers see the old version until the marketing-only submission goes live, skipping certification and provisioning', async () => {
    // Arrange
    const as = await publisherOn(stack.host.url, account);
    const listingId = `${account}.field-assist`;
    await editSection(account, 'field-assist', 'listing', (v) => (v.shortDescription = 'Now with route optimisation.'));

    // Assert: the draft changed, the storefront did not
    const diff = await as.call('GET', '/offers/field-assist/diff');
    expect(diff.body.changed).toBe(true);
    const listingDiff = diff.body.sections.find((s: any) => s.section === 'listing');
    expect(listingDiff.changes).toEqual([
      expect.objectContaining({ pointer: '/listing/shortDescription', kind: 'changed', after: 'Now with route optimisation.', marketing: true }),
    ]);
    expect((await customerGet(stack.host.url, `/storefront/offers/${listingId}`)).body.shortDescription).not.toBe('Now with route optimisation.');

    // Act
    const submitted = await as.call('POST', '/offers/field-assist/submissions', { notesForCertification: '' });
    expect(submitted.status).toBe(202);
    const id = submitted.body.submissionId as string;
    expect(submitted.body.marketingOnly).toBe(true);
    const inPreview = await waitForSubmission(as, 'field-assist', id, (s) => s.state === 'preview');

    // Assert: skipped stages, nothing sent to certification or provisioning
    expect(inPreview.timeline.map((e: any) => [e.stage, e.outcome ?? 'open'])).toEqual([
      ['validation', 'passed'],
      ['certification', 'skipped'],
      ['provisioning', 'skipped'],
      ['preview', 'open'],
    ]);
    expect(stack.standIns.certification.get(id)).toBeUndefined();
    expect(stack.standIns.crmProvisioning.deployments().some((d) => d.id.startsWith(id))).toBe(false);
    // Still the old version for customers, the new one in preview
    expect((await customerGet(stack.host.url, `/storefront/offers/${listingId}`)).body).toMatchObject({ version: 1 });
    expect((await customerGet(stack.host.url, `/storefront/offers/${listingId}?hideKey=preview2024`)).body.shortDescription).toBe(
      'Now with route optimisation.',
    );

    await as.call('POST', `/offers/field-assist/submissions/${id}/go-live`);
    await waitForSubmission(as, 'field-assist', id, (s) => s.state === 'live');
    const live = await customerGet(stack.host.url, `/storefront/offers/${listingId}`);
    expect(live.body).toMatchObject({ version: 2, shortDescription: 'Now with route optimisation.' });
  });

  it('When a submission is cancelled in preview, then the live version is unchanged and the preview disappears', async () => {
    // Arrange
    const as = await publisherOn(stack.host.url, account);
    const listingId = `${account}.field-assist`;
    await editSection(account, 'field-assist', 'listing', (v) => (v.shortDescription = 'A version nobody will see.'));
    const submitted = await as.call('POST', '/offers/field-assist/submissions', { notesForCertification: '' });
    const id = submitted.body.submissionId as string;
    await waitForSubmission(as, 'field-assist', id, (s) => s.state === 'preview');

    // Act
    const canceled = await as.call('POST', `/offers/field-assist/submissions/${id}/cancel`);

    // Assert
    expect(canceled.status).toBe(200);
    expect(canceled.body.state).toBe('canceled');
    expect(canceled.body.timeline.at(-1)).toMatchObject({ stage: 'preview', outcome: 'canceled' });
    expect((await as.call('POST', `/offers/field-assist/submissions/${id}/go-live`)).status).toBe(409);
    const live = await customerGet(stack.host.url, `/storefront/offers/${listingId}?hideKey=preview2024`);
    expect(live.body).toMatchObject({ visibility: 'live', version: 2, shortDescription: 'Now with route optimisation.' });
    // A new submission may start at once: the offer has nothing in flight any more
    const again = await as.call('POST', '/offers/field-assist/submissions', { notesForCertification: '' });
    expect(again.status).toBe(202);
    await as.call('POST', `/offers/field-assist/submissions/${again.body.submissionId}/cancel`);
  });

  it('When certification rejects the package, then the submission ends certificationFailed with the report pointing at the field', async () => {
    // Arrange
    await createCompleteOffer(account, 'rejected-app');
    const as = await publisherOn(stack.host.url, account);

    // Act
    const submitted = await as.call('POST', '/offers/rejected-app/submissions', {
      notesForCertification: 'Please check [reject:/listing/description]',
    });
    const id = submitted.body.submissionId as string;
    const failed = await waitForSubmission(as, 'rejected-app', id, (s) => s.state === 'certificationFailed');

    // Assert
    expect(failed.certificationReport.findings).toEqual([
      expect.objectContaining({ pointer: '/listing/description', severity: 'error' }),
    ]);
    expect(failed.timeline.map((e: any) => [e.stage, e.outcome])).toEqual([
      ['validation', 'passed'],
      ['certification', 'failed'],
    ]);
    await inbox().waitFor((m) => m.headers['x-submission-id'] === id && m.subject.startsWith('Certification failed'));
    expect((await customerGet(stack.host.url, `/storefront/offers/${account}.rejected-app`)).status).toBe(404);
  });

  it('When certification never answers, then the submission times out once the deadline passes', async () => {
    // Arrange
    const as = await publisherOn(stack.host.url, account);
    const submitted = await as.call('POST', '/offers/rejected-app/submissions', { notesForCertification: '[never]' });
    expect(submitted.status).toBe(202);
    const id = submitted.body.submissionId as string;
    await waitForSubmission(as, 'rejected-app', id, (s) => s.activity.some((a: any) => a.action === 'sentToCertification'));

    // Act: one hour and a minute later (the stack's deadline is one hour)
    await advanceHostClock(stack.host.url, 3_660_000);
    const timedOut = await waitForSubmission(as, 'rejected-app', id, (s) => s.state === 'certificationTimedOut');

    // Assert
    expect(timedOut.timeline.at(-1)).toMatchObject({ stage: 'certification', outcome: 'timedOut' });
  });
});
