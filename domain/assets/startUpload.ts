import { randomUUID } from 'node:crypto';
import type { Actor } from '../authoring/Actor';
import { AssetError } from './AssetError';
import type { AssetBlobs, AssetRepository } from './assetRepository';
import { type AssetSlot, assetSlotNames, isAssetSlot, slotRule } from './assetSlots';

export interface StartedUpload {
  readonly uploadId: string;
  readonly slot: AssetSlot;
  /** PUT the file here (header `x-ms-blob-type: BlockBlob`), once, before `expiresAt`. */
  readonly uploadUrl: string;
  readonly expiresAt: string;
  readonly maxBytes: number;
}

/**
 * Opens an upload for one file of `slot`: records it, and hands out a write-only SAS URL for
 * one new blob. The file never passes through the function; its commit checks it.
 */
export async function startUpload(
  repository: AssetRepository,
  blobs: AssetBlobs,
  actor: Actor,
  offerId: string,
  slot: unknown,
  now: Date,
): Promise<StartedUpload> {
  if (!isAssetSlot(slot)) throw unknownSlot(slot);
  const uploadId = randomUUID();
  await repository.createUpload({
    accountId: actor.accountId,
    uploadId,
    offerId,
    slot,
    createdAt: now.toISOString(),
    createdBy: actor.userId,
  });
  const { url, expiresOn } = await blobs.uploadUrl(actor.accountId, uploadId);
  return {
    uploadId,
    slot,
    uploadUrl: url,
    expiresAt: expiresOn.toISOString(),
    maxBytes: slotRule(slot).maxBytes,
  };
}

export function unknownSlot(slot: unknown): AssetError {
  return new AssetError('invalid', 'The slot is not one of the asset slots.', [
    {
      pointer: '/slot',
      code: slot === undefined ? 'required' : 'notInList',
      message: `slot must be one of ${assetSlotNames.join(', ')}${slot === undefined ? '' : ` (got ${JSON.stringify(slot)})`}`,
    },
  ]);
}
