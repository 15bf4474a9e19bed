import { uniqueAccount } from '../../support/publisherApi';
import {
  createCompleteOffer,
  customerGet,
  editSection,
  publisherOn,
  startPublishingStack,
  waitForSubmission,
  type PublishingStack,
} from '../../support/publishingStack';

jest.setTimeout(180_000);

/** The parts of the API's answers these tests read. */
type StageView = { stage: string; outcome?: string; detail?: string };
type SectionDiffView = { section: string; changed: boolean; changes: { before?: unknown }[] };

/**
 * Versions and rollback over HTTP on the local host: every live version is kept and listed, any
 * two can be compared, and a rollback re-publishes the previous version through preview and
 * Go-live without certification or provisioning.
 */
describe('Offer versions and rollback', () => {
  let stack: PublishingStack;
  const account = uniqueAccount('ver');
  const offerId = 'route-planner';
  const listingId = `${account}.${offerId}`;

  beforeAll(async () => {
    stack = await startPublishingStack();
    await createCompleteOffer(account, offerId);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const takeLive = async (
    as: Awaited<ReturnType<typeof publisherOn>>,
    submissionId: string,
  ): Promise<{ state: string; liveVersion?: number }> => {
    await waitForSubmission(as, offerId, submissionId, (s) => s.state === 'preview');
    expect((await as.call('POST', `/offers/${offerId}/submissions/${submissionId}/go-live`)).status).toBe(
      202,
    );
    return waitForSubmission(as, offerId, submissionId, (s) => s.state === 'live');
  };

  it('When only one version was live, then a rollback is refused', async () => {
    const as = await publisherOn(stack.host.url, account);
    const first = await as.call('POST', `/offers/${offerId}/submissions`, {
      notesForCertification: 'First.',
    });
    await takeLive(as, first.body.submissionId);

    const refused = await as.call('POST', `/offers/${offerId}/rollback`);

    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });

  it('When two versions were live, then both are listed and their difference is shown both ways', async () => {
    // Arrange: version 2 changes the short description
    const as = await publisherOn(stack.host.url, account);
    await editSection(
      account,
      offerId,
      'listing',
      (v) => (v.shortDescription = 'Version two: route optimisation.'),
    );
    const second = await as.call('POST', `/offers/${offerId}/submissions`, { notesForCertification: '' });
    await takeLive(as, second.body.submissionId);

    // Act
    const versions = await as.call('GET', `/offers/${offerId}/versions`);
    const forward = await as.call('GET', `/offers/${offerId}/versions/1/diff/2`);
    const backward = await as.call('GET', `/offers/${offerId}/versions/2/diff/1`);

    // Assert
    expect(versions.status).toBe(200);
    expect(
      versions.body.items.map((v: { version: number; current: boolean; marketingOnly: boolean }) => [
        v.version,
        v.current,
        v.marketingOnly,
      ]),
    ).toEqual([
      [1, false, false],
      [2, true, true],
    ]);
    expect(versions.body.items[1].submissionId).toBe(second.body.submissionId);
    const listingChanges = (d: { sections: SectionDiffView[] }) =>
      d.sections.find((s: SectionDiffView) => s.section === 'listing')?.changes;
    expect(forward.body.changed).toBe(true);
    expect(listingChanges(forward.body)).toEqual([
      expect.objectContaining({
        pointer: '/listing/shortDescription',
        kind: 'changed',
        after: 'Version two: route optimisation.',
        marketing: true,
      }),
    ]);
    expect(
      forward.body.sections.filter((s: SectionDiffView) => s.changed).map((s: SectionDiffView) => s.section),
    ).toEqual(['listing']);
    expect(listingChanges(backward.body)).toEqual([
      expect.objectContaining({
        pointer: '/listing/shortDescription',
        before: 'Version two: route optimisation.',
      }),
    ]);
    expect((await as.call('GET', `/offers/${offerId}/versions/1/diff/1`)).body.changed).toBe(false);
    expect((await as.call('GET', `/offers/${offerId}/versions/1/diff/7`)).status).toBe(404);
    expect((await as.call('GET', `/offers/${offerId}/versions/one/diff/2`)).status).toBe(404);
    const stranger = await publisherOn(stack.host.url, uniqueAccount('other'));
    expect((await stranger.call('GET', `/offers/${offerId}/versions`)).status).toBe(404);
  });

  it('When the publisher rolls back, then version 1 goes to preview without certification and becomes version 3 at go-live', async () => {
    // Arrange: the draft moves on meanwhile
    const as = await publisherOn(stack.host.url, account);
    await editSection(account, offerId, 'listing', (v) => (v.shortDescription = 'A draft nobody submitted.'));
    const v1 = (await as.call('GET', `/offers/${offerId}/versions`)).body.items[0];

    // Act
    const rollback = await as.call('POST', `/offers/${offerId}/rollback`);

    // Assert: a submission like any other, straight to preview
    expect(rollback.status).toBe(202);
    const id = rollback.body.submissionId as string;
    expect(rollback.headers.get('location')).toBe(`/api/offers/${offerId}/submissions/${id}`);
    expect(rollback.body.rollbackOf).toEqual({ version: 1, submissionId: v1.submissionId });
    expect(rollback.body.changedFields).toEqual(['/listing/shortDescription']);
    expect((await as.call('POST', `/offers/${offerId}/rollback`)).status).toBe(409);
    const inPreview = await waitForSubmission(as, offerId, id, (s) => s.state === 'preview');
    expect(inPreview.timeline.map((e: StageView) => [e.stage, e.outcome ?? 'open'])).toEqual([
      ['validation', 'passed'],
      ['certification', 'skipped'],
      ['provisioning', 'skipped'],
      ['preview', 'open'],
    ]);
    expect(inPreview.timeline[1].detail).toContain('Rollback to version 1');
    expect(stack.standIns.certification.get(id)).toBeUndefined();
    expect(stack.standIns.crmProvisioning.deployments().some((d) => d.id.startsWith(id))).toBe(false);
    // Customers still see version 2; the preview shows version 1's content
    expect((await customerGet(stack.host.url, `/storefront/offers/${listingId}`)).body).toMatchObject({
      version: 2,
    });
    const preview = await customerGet(stack.host.url, `/storefront/offers/${listingId}?hideKey=preview2024`);
    const v1Short = (await as.call('GET', `/offers/${offerId}/versions/1/diff/2`)).body.sections.find(
      (s: SectionDiffView) => s.section === 'listing',
    ).changes[0].before as string;
    expect(v1Short).toEqual(expect.any(String));
    expect(preview.body.shortDescription).toBe(v1Short);

    // Act: go live
    await as.call('POST', `/offers/${offerId}/submissions/${id}/go-live`);
    const live = await waitForSubmission(as, offerId, id, (s) => s.state === 'live');

    // Assert: version 3 = version 1's content; versions kept; the draft untouched
    expect(live.liveVersion).toBe(3);
    const storefront = (await customerGet(stack.host.url, `/storefront/offers/${listingId}`)).body;
    expect(storefront).toMatchObject({ version: 3, shortDescription: v1Short });
    const versions = (await as.call('GET', `/offers/${offerId}/versions`)).body.items;
    expect(
      versions.map((v: { version: number; current: boolean; marketingOnly: boolean }) => [
        v.version,
        v.current,
      ]),
    ).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(versions[2].rollbackOf).toEqual({ version: 1, submissionId: v1.submissionId });
    expect((await as.call('GET', `/offers/${offerId}/versions/1/diff/3`)).body.changed).toBe(false);
    const draftDiff = await as.call('GET', `/offers/${offerId}/diff`);
    expect(draftDiff.body.sections.find((s: SectionDiffView) => s.section === 'listing').changes).toEqual([
      expect.objectContaining({ pointer: '/listing/shortDescription', after: 'A draft nobody submitted.' }),
    ]);
  });
  it('When a version stops selling in a market, then new customers there no longer find it and the listing records the market for those who have it', async () => {
    // Arrange: Canada removed from the markets
    const as = await publisherOn(stack.host.url, account);
    await editSection(account, offerId, 'availability', (v) => (v.markets = ['us', 'gb']));
    const submitted = await as.call('POST', `/offers/${offerId}/submissions`, {
      notesForCertification: 'Leaving Canada.',
    });
    expect(submitted.body.marketingOnly).toBe(false);

    // Act
    const live = await takeLive(as, submitted.body.submissionId);

    // Assert
    expect(live.liveVersion).toBe(4);
    const inCa = await customerGet(stack.host.url, '/storefront/offers?market=ca');
    expect(inCa.body.items.map((i: { id: string }) => i.id)).not.toContain(listingId);
    const inUs = await customerGet(stack.host.url, '/storefront/offers?market=us');
    expect(inUs.body.items.map((i: { id: string }) => i.id)).toContain(listingId);
    const listing = await customerGet(stack.host.url, `/storefront/offers/${listingId}`);
    expect(listing.status).toBe(200);
    expect(listing.body.markets).toEqual(['us', 'gb']);
    expect(listing.body.retiredMarkets).toEqual([
      { market: 'ca', removedInVersion: 4, removedAt: expect.any(String) },
    ]);
  });
});
