import { createHash } from 'node:crypto';
import { uniqueAccount } from '../../support/publisherApi';
import {
  createCompleteOffer,
  customerGet,
  publisherOn,
  startPublishingStack,
  waitForSubmission,
  type PublishingStack,
} from '../../support/publishingStack';

jest.setTimeout(180_000);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('assets served to customers', () => {
  let stack: PublishingStack;
  beforeAll(async () => {
    stack = await startPublishingStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('When a listing is in preview, then customers with the hide key get short-lived read URLs of its exact images', async () => {
    // Arrange: a complete offer taken to preview.
    const account = uniqueAccount('serve');
    await createCompleteOffer(account, 'served');
    const as = await publisherOn(stack.host.url, account);
    const submitted = await as.call('POST', '/offers/served/submissions', {
      notesForCertification: 'Serve test',
    });
    await waitForSubmission(
      as,
      'served',
      submitted.body.submissionId as string,
      (s) => s.state === 'preview',
    );

    // Act
    const preview = await customerGet(
      stack.host.url,
      `/storefront/offers/${account}.served?hideKey=preview2024`,
    );

    // Assert: every listing image and document has a URL; each serves the bytes its id names.
    expect(preview.status).toBe(200);
    const { images, assetUrls, assetUrlsExpireAt } = preview.body;
    const ids: string[] = [
      images.smallLogo,
      images.largeLogo,
      images.wideLogo,
      images.hero,
      ...images.screenshots,
    ];
    expect(Object.keys(assetUrls)).toEqual(expect.arrayContaining(ids));
    expect(Date.parse(assetUrlsExpireAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    for (const id of ids) {
      const url = new URL(assetUrls[id]);
      expect(url.searchParams.get('sp')).toBe('r');
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(id);
    }
    // The read URL of one asset does not open another (the signature covers the blob name).
    const [first, second] = ids as [string, string];
    const swapped = assetUrls[first].replace(first, second);
    expect((await fetch(swapped)).status).toBe(403);
  });
});
