import type { AssetBlobs, AssetRepository } from './assetRepository';

/**
 * Grace periods of the clean-up (documented in docs/assets.md):
 * - an upload not committed within a day is deleted (its SAS lapsed after 15 minutes);
 * - a committed asset that nothing refers to is deleted once it has been unreferenced for 7
 *   days (measured from the first clean-up run that found it so) and is at least 7 days old,
 *   so a publisher who swaps a logo back and forth, or commits ahead of saving, loses nothing.
 */
export const UPLOAD_GRACE_MS = 24 * 3600 * 1000;
export const UNREFERENCED_GRACE_MS = 7 * 24 * 3600 * 1000;

export interface CleanUpReport {
  uploadsDeleted: number;
  assetsMarkedUnreferenced: number;
  assetsDeleted: number;
  assetsKept: number;
}

/** One clean-up pass; idempotent, so a timer that runs twice or is retried does no harm. */
export async function cleanUpAssets(
  repository: AssetRepository,
  blobs: AssetBlobs,
  now: Date,
  grace = { uploadMs: UPLOAD_GRACE_MS, unreferencedMs: UNREFERENCED_GRACE_MS },
): Promise<CleanUpReport> {
  const report: CleanUpReport = {
    uploadsDeleted: 0,
    assetsMarkedUnreferenced: 0,
    assetsDeleted: 0,
    assetsKept: 0,
  };
  const uploadCutoff = new Date(now.getTime() - grace.uploadMs);

  // Upload records past the grace, then blobs without a record (e.g. a record deleted after a
  // failed commit while the client re-created the blob with its still-valid SAS).
  for await (const upload of repository.listUploadsCreatedBefore(uploadCutoff.toISOString())) {
    await blobs.deleteUpload(upload.accountId, upload.uploadId);
    await repository.deleteUpload(upload.accountId, upload.uploadId);
    report.uploadsDeleted++;
  }
  for await (const blob of blobs.listUploads()) {
    if (blob.lastModified.getTime() < uploadCutoff.getTime()) {
      if (!(await repository.getUpload(blob.accountId, blob.key)))
        await blobs.deleteUpload(blob.accountId, blob.key);
    }
  }

  const cutoff = now.getTime() - grace.unreferencedMs;
  for (const accountId of await repository.listAccountsWithAssets()) {
    const referenced = await repository.referencedAssetIds(accountId);
    for (const asset of await repository.listAssets(accountId)) {
      if (referenced.has(asset.assetId)) {
        if (asset.unreferencedSince) await repository.setUnreferencedSince(accountId, asset.assetId, null);
        report.assetsKept++;
        continue;
      }
      if (!asset.unreferencedSince) {
        await repository.setUnreferencedSince(accountId, asset.assetId, now.toISOString());
        report.assetsMarkedUnreferenced++;
        report.assetsKept++;
        continue;
      }
      const orphanedLongEnough = Date.parse(asset.unreferencedSince) <= cutoff;
      const oldEnough = Date.parse(asset.committedAt) <= cutoff;
      if (orphanedLongEnough && oldEnough) {
        // Blob first: a record without a blob would be served as a broken asset, a blob without
        // a record is found again by nothing but is harmless and rare (a crash between the two).
        await blobs.deleteAsset(accountId, asset.sha256);
        await repository.deleteAsset(accountId, asset.assetId);
        report.assetsDeleted++;
      } else {
        report.assetsKept++;
      }
    }
  }
  return report;
}
