import { createHash } from 'node:crypto';
import { sectionNames } from '../../../domain/offer/sectionNames';
import { pngOfSize } from '../../support/assetFixtures';
import { uploadDirect } from '../../support/assetUploads';
import { withUploadedAssets } from '../../support/offerAssets';
import { completeOfferWrite, fixtureAlias } from '../../support/offerFixtures';
import { publisher, uniqueAccount } from '../../support/publisherApi';
import { advanceClock, fireFunction, startPrivateHost } from '../../support/stack';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const DAY = 24 * 3600 * 1000;

describe('assets of a submission', () => {
  // The clean-up runs on a host of this test's own, so that skipping eight days moves no clock
  // other tests depend on; its data is the shared stand-ins', reached through the shared host.
  let clockHost: Awaited<ReturnType<typeof startPrivateHost>>;
  beforeAll(async () => {
    clockHost = await startPrivateHost({ DEVHOST_DURABLE_HUB: `assetclock${process.pid}` });
  });
  afterAll(async () => {
    await clockHost.stop();
  });

  test('When the logo is replaced after submitting, then the submission still holds the old bytes', async () => {
    // Arrange: a complete offer with real assets, submitted.
    const as = await publisher(uniqueAccount('frozen'));
    const offerId = 'frozen-logo';
    await as.post('/offers', { offerId, alias: fixtureAlias });
    const bodies = completeOfferWrite();
    for (const section of sectionNames) {
      const read = await as.get(`/offers/${offerId}/sections/${section}`);
      const body = await withUploadedAssets(as.token, offerId, section, bodies[section]);
      expect(
        (await as.put(`/offers/${offerId}/sections/${section}`, body, read.headers.get('etag')!)).status,
      ).toBe(200);
    }
    const listing = await as.get(`/offers/${offerId}/sections/listing`);
    const oldLogoId: string = listing.body.value.images.smallLogo;
    const oldLogo = await as.get(`/offers/${offerId}/assets/${oldLogoId}`);
    const oldBytes = Buffer.from(await (await fetch(oldLogo.body.url)).arrayBuffer());
    const submitted = await as.post(`/offers/${offerId}/submissions`, { notesForCertification: 'Logo test' });
    expect(submitted.status).toBe(202);
    const submissionId: string = submitted.body.submissionId;

    // Act: the publisher replaces the small logo in the draft.
    const newBytes = pngOfSize(48, 48, 777);
    const { body: newLogo } = await uploadDirect(as, offerId, 'smallLogo', newBytes);
    const value = listing.body.value;
    const replaced = await as.put(
      `/offers/${offerId}/sections/listing`,
      { ...value, images: { ...value.images, smallLogo: newLogo.assetId } },
      listing.headers.get('etag')!,
    );
    expect(replaced.status).toBe(200);
    // A week and more later, after the clean-up ran on both sides of the grace period.
    await fireFunction('cleanUpAssets', undefined, clockHost.url);
    await advanceClock(8 * DAY, clockHost.url);
    await fireFunction('cleanUpAssets', undefined, clockHost.url);

    // Assert: the submission names the old asset, whose bytes are unchanged; the draft the new one.
    const submission = await as.get(`/offers/${offerId}/submissions/${submissionId}`);
    expect(submission.body.snapshot.assetIds).toContain(oldLogoId);
    expect(submission.body.snapshot.assetIds).not.toContain(newLogo.assetId);
    const frozen = await as.get(`/offers/${offerId}/assets/${oldLogoId}`);
    expect(frozen.status).toBe(200);
    const frozenBytes = Buffer.from(await (await fetch(frozen.body.url)).arrayBuffer());
    expect(frozenBytes).toEqual(oldBytes);
    expect(sha256(frozenBytes)).toBe(oldLogoId);
    expect((await as.get(`/offers/${offerId}/sections/listing`)).body.value.images.smallLogo).toBe(
      newLogo.assetId,
    );
  }, 120_000);
});
