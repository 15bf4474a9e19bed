import type { FieldIssue } from '../errors';
import type { AssetRepository } from './assetRepository';
import { type AssetSlot, slotRule } from './assetSlots';

/** One place a section refers to an asset (same shape as the offer domain's `AssetReference`). */
export interface AssetReferenceToCheck {
  readonly slot: AssetSlot;
  readonly assetId: string;
  /** JSON pointer of the reference in the section body. */
  readonly pointer: string;
}

/**
 * One field issue per reference that the account cannot use there: an asset that does not
 * exist, an upload that was never committed, another account's asset (indistinguishable from a
 * missing one: accounts never learn of each other's assets), or an asset of the wrong kind or
 * pixel size for the slot.
 */
export async function checkAssetReferences(
  repository: AssetRepository,
  accountId: string,
  refs: readonly AssetReferenceToCheck[],
): Promise<FieldIssue[]> {
  if (refs.length === 0) return [];
  const ids = [...new Set(refs.map((r) => r.assetId))];
  const assets = new Map((await repository.getAssets(accountId, ids)).map((a) => [a.assetId, a]));
  const issues: FieldIssue[] = [];
  for (const ref of refs) {
    const rule = slotRule(ref.slot);
    const asset = assets.get(ref.assetId);
    if (!asset) {
      const upload = await repository.getUpload(accountId, ref.assetId);
      issues.push(
        upload
          ? {
              pointer: ref.pointer,
              code: 'assetNotCommitted',
              message: `${ref.assetId} is an upload that has not been committed; commit it and use the asset id it returns`,
            }
          : {
              pointer: ref.pointer,
              code: 'assetNotFound',
              message: `there is no asset ${ref.assetId} in this account`,
            },
      );
      continue;
    }
    if (asset.kind !== rule.kind) {
      issues.push({
        pointer: ref.pointer,
        code: 'assetWrongKind',
        message: `${rule.label} must be ${kindName(rule.kind)}; asset ${ref.assetId} is ${kindName(asset.kind)}`,
      });
      continue;
    }
    if (rule.kind === 'image' && (asset.width !== rule.width || asset.height !== rule.height)) {
      issues.push({
        pointer: ref.pointer,
        code: 'assetWrongSize',
        message: `${rule.label} is ${asset.width}x${asset.height}, must be ${rule.width}x${rule.height}`,
      });
    }
  }
  return issues;
}

function kindName(kind: string): string {
  return kind === 'image' ? 'a PNG image' : kind === 'pdf' ? 'a PDF' : 'a zip package';
}
