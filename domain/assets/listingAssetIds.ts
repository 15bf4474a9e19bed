import { listAssetReferences } from '../offer/assetReferences';

/**
 * The asset ids a customer-facing listing shows (logos, hero, screenshots, video thumbnails,
 * supporting documents), found the same way the sections name them. Pure.
 */
export function listingAssetIds(customerListing: Record<string, unknown>): string[] {
  return [...new Set(listAssetReferences('listing', customerListing).map((r) => r.assetId))];
}
