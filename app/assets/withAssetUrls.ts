import { listingAssetIds } from '../../domain/assets/listingAssetIds';
import { getAssetServices } from './getAssetServices';

/**
 * A customer view of a listing with `assetUrls`: for each asset id it shows, a read-only SAS URL
 * of that one blob, valid for minutes (assets are private; this is how customers see a live or
 * preview listing's images and documents). `assetUrlsExpireAt` tells clients when to ask again.
 * `ids` narrows the URLs to some of the listing's assets (the storefront list signs logos only).
 * Signing is local (account key, or the cached user delegation key): no call per URL.
 */
export async function withAssetUrls<T extends Record<string, unknown>>(
  accountId: string,
  view: T,
  ids: readonly string[] = listingAssetIds(view),
): Promise<T & { assetUrls: Record<string, string>; assetUrlsExpireAt: string | null }> {
  if (ids.length === 0) return { ...view, assetUrls: {}, assetUrlsExpireAt: null };
  const { blobs } = await getAssetServices();
  const signed = await Promise.all(
    ids.map(async (id) => [id, await blobs.assetReadUrl(accountId, id)] as const),
  );
  const expires = Math.min(...signed.map(([, s]) => s.expiresOn.getTime()));
  return {
    ...view,
    assetUrls: Object.fromEntries(signed.map(([id, s]) => [id, s.url])),
    assetUrlsExpireAt: new Date(expires).toISOString(),
  };
}
