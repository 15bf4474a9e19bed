import { withUploadedAssets } from '../../support/offerAssets';
import { publisher, uniqueAccount } from '../../support/publisherApi';

const video = (url: string) => ({ name: 'Overview', url, thumbnailAssetId: 'video-thumb-1' });

describe('video URLs through the API', () => {
  it('When a listing is saved with youtu.be and player.vimeo.com addresses, then it stores and answers their canonical URLs', async () => {
    // Arrange
    const as = await publisher(uniqueAccount('video'));
    expect((await as.post('/offers', { offerId: 'videos', alias: 'Videos' })).status).toBe(201);
    const body = await withUploadedAssets(as.token, 'videos', 'listing', {
      videos: [video('https://youtu.be/aqz-KE-bpKQ?t=3'), video('https://player.vimeo.com/video/76979871')],
    });
    const read = await as.get('/offers/videos/sections/listing');

    // Act
    const saved = await as.put('/offers/videos/sections/listing', body, read.headers.get('etag')!);

    // Assert
    expect(saved.status).toBe(200);
    const stored = await as.get('/offers/videos/sections/listing');
    expect(stored.body.value.videos.map((v: { url: string }) => v.url)).toEqual([
      'https://www.youtube.com/watch?v=aqz-KE-bpKQ',
      'https://vimeo.com/76979871',
    ]);
  }, 60_000);

  it('When a video is on another host or has no valid id, then the write answers 400 naming the URL field and stores nothing', async () => {
    // Arrange
    const as = await publisher(uniqueAccount('video-bad'));
    expect((await as.post('/offers', { offerId: 'videos', alias: 'Videos' })).status).toBe(201);
    const body = await withUploadedAssets(as.token, 'videos', 'listing', {
      videos: [video('https://vimeo.com/76979871'), video('https://www.dailymotion.com/video/x7tgad0')],
    });
    const testDrive = {
      listing: {
        videos: [{ name: 'Tour', url: 'https://www.youtube.com/watch?v=abc123', thumbnailAssetId: 't' }],
      },
    };

    const listingRead = await as.get('/offers/videos/sections/listing');
    const driveRead = await as.get('/offers/videos/sections/test-drive');

    // Act
    const listing = await as.put('/offers/videos/sections/listing', body, listingRead.headers.get('etag')!);
    const drive = await as.put(
      '/offers/videos/sections/test-drive',
      testDrive,
      driveRead.headers.get('etag')!,
    );

    // Assert
    expect(listing.status).toBe(400);
    expect(listing.body.errors).toEqual([
      {
        pointer: '/videos/1/url',
        code: 'invalidFormat',
        message: 'url must be a YouTube or Vimeo video',
      },
    ]);
    expect(drive.status).toBe(400);
    // The thumbnail id is not an asset of this account either; that is reported beside it.
    expect(drive.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/listing/videos/0/url', code: 'invalidFormat' }),
      ]),
    );
    const after = await as.get('/offers/videos/sections/listing');
    expect(after.headers.get('etag')).toBe(listingRead.headers.get('etag'));
    expect(after.body.value?.videos).toBeUndefined();
  }, 60_000);
});
