import type { Actor } from '../authoring/Actor';
import { isPossibleResourceId } from '../resourceId';
import { AssetError } from './AssetError';
import type { AssetBlobs, AssetRecord, AssetRepository } from './assetRepository';
import { contentTypeOfKind, slotRule } from './assetSlots';
import { checkAssetContent } from './checkAssetContent';

/**
 * Commits an upload: reads the blob (refusing one over its slot's size without reading it),
 * checks it by content, and on success stores those very bytes, content-addressed, as an
 * immutable asset. Whatever the outcome the upload blob and record are deleted, so a refused
 * file never lingers; the refusal names exactly what is wrong. Committing the same bytes again
 * answers the existing asset.
 */
export async function commitUpload(
  repository: AssetRepository,
  blobs: AssetBlobs,
  actor: Actor,
  offerId: string,
  uploadId: unknown,
  now: Date,
): Promise<AssetRecord> {
  if (typeof uploadId !== 'string' || uploadId.length === 0) {
    throw new AssetError('invalid', 'uploadId is required.', [
      { pointer: '/uploadId', code: 'required', message: 'uploadId is required' },
    ]);
  }
  const upload = isPossibleResourceId(uploadId)
    ? await repository.getUpload(actor.accountId, uploadId)
    : undefined;
  if (!upload || upload.offerId !== offerId) {
    throw new AssetError('notFound', `There is no upload ${uploadId} for offer ${offerId} in this account.`);
  }
  const rule = slotRule(upload.slot);
  const discard = async () => {
    await blobs.deleteUpload(actor.accountId, uploadId);
    await repository.deleteUpload(actor.accountId, uploadId);
  };
  const read = await blobs.readUpload(actor.accountId, uploadId, rule.maxBytes);
  if (read.status === 'missing') {
    throw new AssetError('rejected', `Nothing was uploaded for ${uploadId} yet.`, [
      {
        pointer: '/uploadId',
        code: 'notUploaded',
        message: `no file was uploaded for ${rule.label} ${uploadId}`,
      },
    ]);
  }
  if (read.status === 'tooLarge') {
    await discard();
    throw rejected('tooLarge', `${rule.label} is ${read.size} bytes, at most ${rule.maxBytes} are allowed`);
  }
  const checked = await checkAssetContent(upload.slot, read.bytes);
  if (!checked.ok) {
    await discard();
    throw rejected(checked.problem.code, checked.problem.message);
  }
  const asset = checked.asset;
  await blobs.putAsset(actor.accountId, asset.sha256, read.bytes, contentTypeOfKind[asset.kind]);
  const record = await repository.createAsset({
    accountId: actor.accountId,
    assetId: asset.sha256,
    sha256: asset.sha256,
    kind: asset.kind,
    slot: asset.slot,
    size: asset.size,
    ...(asset.width === undefined ? {} : { width: asset.width, height: asset.height }),
    committedAt: now.toISOString(),
    committedBy: actor.userId,
    unreferencedSince: null,
  });
  await discard();
  // The same bytes may already be an asset committed for another slot of the same kind and size
  // (a screenshot reused as a video thumbnail): one asset, answered for the slot asked for.
  return { ...record, slot: upload.slot };
}

function rejected(code: string, message: string): AssetError {
  return new AssetError('rejected', message, [{ pointer: '/file', code, message }]);
}
