import { createHash } from 'node:crypto';
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
  test('When a listing is live, then the storefront list gives each offer read URLs of its logos only', async () => {
    // Arrange: a complete offer taken live, named to sort first in the list (which is capped).
    const account = uniqueAccount('list');
    await createCompleteOffer(account, 'listed');
    await editSection(account, 'listed', 'listing', (v) => (v.name = '0 Logo list'));
    const as = await publisherOn(stack.host.url, account);
    const submitted = await as.call('POST', '/offers/listed/submissions', {
      notesForCertification: 'List test',
    });
    const id = submitted.body.submissionId as string;
    await waitForSubmission(as, 'listed', id, (s) => s.state === 'preview');
    expect((await as.call('POST', `/offers/listed/submissions/${id}/go-live`)).status).toBe(202);
    await waitForSubmission(as, 'listed', id, (s) => s.state === 'live');

    // Act
    const list = await customerGet(stack.host.url, '/storefront/offers?market=us');

    // Assert: the logos have URLs serving their bytes; screenshots and documents are left to the single offer.
    expect(list.status).toBe(200);
    const item = list.body.items.find((i: { id: string }) => i.id === `${account}.listed`);
    expect(item).toBeDefined();
    const { images, assetUrls, assetUrlsExpireAt } = item;
    const logos: string[] = [images.smallLogo, images.largeLogo, images.wideLogo];
    expect(Object.keys(assetUrls).sort()).toEqual([...new Set(logos)].sort());
    for (const screenshot of images.screenshots as string[]) expect(assetUrls[screenshot]).toBeUndefined();
    expect(Date.parse(assetUrlsExpireAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    for (const logo of logos) {
      const url = new URL(assetUrls[logo]);
      expect(url.searchParams.get('sp')).toBe('r');
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(logo);
    }
  });
});
