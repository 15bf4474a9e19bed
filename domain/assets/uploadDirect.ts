import type { Actor } from '../authoring/Actor';
import { AssetError } from './AssetError';
import type { AssetBlobs, AssetRecord, AssetRepository } from './assetRepository';
import { commitUpload } from './commitUpload';
import { startUpload } from './startUpload';

/** Largest file the direct upload endpoint takes through the function; larger ones use the SAS flow. */
export const DIRECT_UPLOAD_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The small-file path: the bytes come in the request, are put in the uploads container, and
 * committed at once with the same checks as the SAS flow.
 */
export async function uploadDirect(
  repository: AssetRepository,
  blobs: AssetBlobs,
  actor: Actor,
  offerId: string,
  slot: unknown,
  bytes: Buffer,
  now: Date,
): Promise<AssetRecord> {
  if (bytes.length > DIRECT_UPLOAD_MAX_BYTES) {
    throw new AssetError(
      'tooLarge',
      `The direct upload takes at most ${DIRECT_UPLOAD_MAX_BYTES} bytes; use POST .../assets/uploads for larger files.`,
    );
  }
  const started = await startUpload(repository, blobs, actor, offerId, slot, now);
  await blobs.putUpload(actor.accountId, started.uploadId, bytes);
  return commitUpload(repository, blobs, actor, offerId, started.uploadId, now);
}
