import type { AssetSlot } from './assetSlots';
import { listAssetReferences } from '../offer/assetReferences';

/**
 * The asset ids a customer-facing listing shows (logos, hero, screenshots, video thumbnails,
 * supporting documents), found the same way the sections name them. Pure.
 */
export function listingAssetIds(customerListing: Record<string, unknown>): string[] {
  return [...new Set(listAssetReferences('listing', customerListing).map((r) => r.assetId))];
}

const LOGO_SLOTS: ReadonlySet<AssetSlot> = new Set<AssetSlot>(['smallLogo', 'largeLogo', 'wideLogo']);

/**
 * The logo ids of a customer-facing listing (small, large, wide): what a list of offers shows
 * for each entry, so a catalogue page needs no second call per offer. Pure.
 */
export function listingLogoIds(customerListing: Record<string, unknown>): string[] {
  const logos = listAssetReferences('listing', customerListing).filter((r) => LOGO_SLOTS.has(r.slot));
  return [...new Set(logos.map((r) => r.assetId))];
}
