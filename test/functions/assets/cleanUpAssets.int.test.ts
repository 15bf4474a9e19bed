import { ASSETS_CONTAINER, UPLOADS_CONTAINER, blobName } from '../../../adapters/blob/assetStore';
import { pdfDocument, pngOfSize } from '../../support/assetFixtures';
import { uploadDirect } from '../../support/assetUploads';
import { publisher, uniqueAccount } from '../../support/publisherApi';
import { advanceClock, blobClient, fireFunction, startPrivateHost } from '../../support/stack';

const DAY = 24 * 3600 * 1000;

async function blobExists(container: string, name: string): Promise<boolean> {
  return blobClient().getContainerClient(container).getBlobClient(name).exists();
}

describe('asset clean-up timer', () => {
  // The clean-up runs on a host of this test's own, so that skipping eight days moves no clock
  // other tests depend on; its data is the shared stand-ins', reached through the shared host.
  let clockHost: Awaited<ReturnType<typeof startPrivateHost>>;
  beforeAll(async () => {
    clockHost = await startPrivateHost({ DEVHOST_DURABLE_HUB: `assetclock${process.pid}` });
  });
  afterAll(async () => {
    await clockHost.stop();
  });

  test('When orphans outlive the grace period, then they are deleted and referenced assets are kept', async () => {
    // Arrange: one asset in use, one committed but never used, one upload never committed.
    const accountId = uniqueAccount('cleanup');
    const as = await publisher(accountId);
    await as.post('/offers', { offerId: 'tidy', alias: 'Tidy' });
    const { body: used } = await uploadDirect(as, 'tidy', 'keyUsageScenario', await pdfDocument('In use'));
    const { body: orphan } = await uploadDirect(as, 'tidy', 'smallLogo', pngOfSize(48, 48, 1234));
    const read = await as.get('/offers/tidy/sections/supplemental-content');
    expect(
      (
        await as.put(
          '/offers/tidy/sections/supplemental-content',
          { keyUsageScenario: used.assetId },
          read.headers.get('etag')!,
        )
      ).status,
    ).toBe(200);
    const started = await as.post('/offers/tidy/assets/uploads', { slot: 'hero' });
    await fetch(started.body.uploadUrl, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
      body: pngOfSize(815, 290),
    });

    // Act 1: a run now only notes the orphan; nothing is old enough to go.
    await fireFunction('cleanUpAssets', undefined, clockHost.url);

    // Assert 1
    expect((await as.get(`/offers/tidy/assets/${orphan.assetId}`)).status).toBe(200);
    expect(await blobExists(UPLOADS_CONTAINER, blobName(accountId, started.body.uploadId))).toBe(true);

    // Act 2: eight days later (past the 1-day upload grace and the 7-day unreferenced grace).
    await advanceClock(8 * DAY, clockHost.url);
    await fireFunction('cleanUpAssets', undefined, clockHost.url);

    // Assert 2
    expect((await as.get(`/offers/tidy/assets/${orphan.assetId}`)).status).toBe(404);
    expect(await blobExists(ASSETS_CONTAINER, blobName(accountId, orphan.sha256))).toBe(false);
    expect((await as.get(`/offers/tidy/assets/${used.assetId}`)).status).toBe(200);
    expect(await blobExists(ASSETS_CONTAINER, blobName(accountId, used.sha256))).toBe(true);
    expect(await blobExists(UPLOADS_CONTAINER, blobName(accountId, started.body.uploadId))).toBe(false);
    expect((await as.post('/offers/tidy/assets', { uploadId: started.body.uploadId })).status).toBe(404);
  }, 60_000);
});
