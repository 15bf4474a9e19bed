import { createHash } from 'node:crypto';
import { type AssetProblem, assetProblem } from './assetProblem';
import { type AssetKind, type AssetSlot, slotRule } from './assetSlots';
import { checkArmTemplatePackage } from './checkArmTemplatePackage';
import { checkPdf } from './checkPdf';
import { checkPng } from './checkPng';

/** What is known of a file once its content passed its slot's checks. */
export interface CheckedAsset {
  readonly slot: AssetSlot;
  readonly kind: AssetKind;
  readonly size: number;
  /** Lower-case hex SHA-256 of the bytes: the asset's content address. */
  readonly sha256: string;
  readonly width?: number;
  readonly height?: number;
}

export type AssetContentCheck = { ok: true; asset: CheckedAsset } | { ok: false; problem: AssetProblem };

/** Lower-case hex SHA-256: the content address of a committed asset. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Checks a file by its content against what `slot` requires (the name it was uploaded under
 * plays no part) and, when it passes, describes it with its content address.
 */
export async function checkAssetContent(slot: AssetSlot, bytes: Uint8Array): Promise<AssetContentCheck> {
  const rule = slotRule(slot);
  if (bytes.length === 0) return { ok: false, problem: assetProblem('empty', `${rule.label} is empty`) };
  if (bytes.length > rule.maxBytes) {
    return {
      ok: false,
      problem: assetProblem(
        'tooLarge',
        `${rule.label} is ${bytes.length} bytes, at most ${rule.maxBytes} are allowed`,
      ),
    };
  }
  // Hashed only once the content passed: failures are common and files are up to 50 MiB.
  const describe = () => ({ slot, kind: rule.kind, size: bytes.length, sha256: sha256Hex(bytes) });
  switch (rule.kind) {
    case 'image': {
      const png = checkPng(bytes, rule);
      return png.ok ? { ok: true, asset: { ...describe(), width: png.width, height: png.height } } : png;
    }
    case 'pdf': {
      const pdf = await checkPdf(bytes, rule);
      return pdf.ok ? { ok: true, asset: describe() } : pdf;
    }
    case 'zip': {
      const zip = await checkArmTemplatePackage(bytes, rule);
      return zip.ok ? { ok: true, asset: describe() } : zip;
    }
  }
}
