import type { Actor } from '../authoring/Actor';
import { AssetError } from './AssetError';
import type { AssetBlobs, AssetRecord, AssetRepository } from './assetRepository';

export interface AssetView {
  readonly assetId: string;
  readonly kind: AssetRecord['kind'];
  readonly slot: AssetRecord['slot'];
  readonly size: number;
  readonly sha256: string;
  readonly width?: number;
  readonly height?: number;
  readonly committedAt: string;
  /** Short-lived read-only URL of the bytes (private to the account while its offers are drafts). */
  readonly url: string;
  readonly urlExpiresAt: string;
}

/** The caller's committed asset with a short-lived read URL; `notFound` for another account's. */
export async function getAssetView(
  repository: AssetRepository,
  blobs: AssetBlobs,
  actor: Actor,
  assetId: string,
): Promise<AssetView> {
  const [asset] = await repository.getAssets(actor.accountId, [assetId]);
  if (!asset) throw new AssetError('notFound', `There is no asset ${assetId} in this account.`);
  const { url, expiresOn } = await blobs.assetReadUrl(actor.accountId, asset.sha256);
  return toAssetView(asset, url, expiresOn);
}

export function toAssetView(asset: AssetRecord, url: string, expiresOn: Date): AssetView {
  return {
    assetId: asset.assetId,
    kind: asset.kind,
    slot: asset.slot,
    size: asset.size,
    sha256: asset.sha256,
    ...(asset.width === undefined ? {} : { width: asset.width, height: asset.height }),
    committedAt: asset.committedAt,
    url,
    urlExpiresAt: expiresOn.toISOString(),
  };
}
