/**
 * Every place in an offer that holds a file, and the rules its file must meet. This is the one
 * place those rules live: the content checks, the upload API and the section reference checks
 * all read this table.
 */

/** What a slot holds, judged by content (magic bytes, structure), never by file name. */
export type AssetKind = 'image' | 'pdf' | 'zip';

export const assetSlotNames = [
  'smallLogo',
  'largeLogo',
  'wideLogo',
  'hero',
  'screenshot',
  'videoThumbnail',
  'supportingDocument',
  'testDriveUserManual',
  'testDriveVideoThumbnail',
  'armTemplate',
  'keyUsageScenario',
] as const;

export type AssetSlot = (typeof assetSlotNames)[number];

const MiB = 1024 * 1024;

interface SlotRuleBase {
  /** How messages name the slot ("screenshot is 1280x719, must be 1280x720"). */
  readonly label: string;
  /** Largest accepted file, in bytes. */
  readonly maxBytes: number;
}
export interface ImageSlotRule extends SlotRuleBase {
  readonly kind: 'image';
  readonly width: number;
  readonly height: number;
}
export interface PdfSlotRule extends SlotRuleBase {
  readonly kind: 'pdf';
}
export interface ZipSlotRule extends SlotRuleBase {
  readonly kind: 'zip';
}
export type SlotRule = ImageSlotRule | PdfSlotRule | ZipSlotRule;

/**
 * Size limits are ours (the source document names none): images 10 MiB (a 1280x720 RGBA PNG
 * is at most ~3.7 MB uncompressed), PDFs 20 MiB, the ARM template package 50 MiB compressed
 * (its unpacked limits are in `armPackageLimits`).
 */
export const IMAGE_MAX_BYTES = 10 * MiB;
export const PDF_MAX_BYTES = 20 * MiB;
export const ZIP_MAX_BYTES = 50 * MiB;

const image = (label: string, width: number, height: number): ImageSlotRule => ({
  kind: 'image',
  label,
  width,
  height,
  maxBytes: IMAGE_MAX_BYTES,
});
const pdf = (label: string): PdfSlotRule => ({ kind: 'pdf', label, maxBytes: PDF_MAX_BYTES });

export const assetSlots = {
  smallLogo: image('small logo', 48, 48),
  largeLogo: image('large logo', 216, 216),
  wideLogo: image('wide logo', 255, 115),
  hero: image('hero image', 815, 290),
  screenshot: image('screenshot', 1280, 720),
  videoThumbnail: image('video thumbnail', 1280, 720),
  testDriveVideoThumbnail: image('test drive video thumbnail', 533, 324),
  supportingDocument: pdf('supporting document'),
  testDriveUserManual: pdf('test drive user manual'),
  keyUsageScenario: pdf('key usage scenario'),
  armTemplate: { kind: 'zip', label: 'ARM template package', maxBytes: ZIP_MAX_BYTES },
} as const satisfies Readonly<Record<AssetSlot, SlotRule>>;

/** Unpacked limits of the ARM template package: what makes a zip a bomb here. */
export interface ArmPackageLimits {
  readonly maxEntries: number;
  readonly maxEntryBytes: number;
  readonly maxTotalBytes: number;
  readonly maxCompressionRatio: number;
  readonly ratioFloorBytes: number;
  readonly maxTemplateBytes: number;
  readonly templateFileName: string;
}

export const armPackageLimits: ArmPackageLimits = {
  maxEntries: 500,
  /** Any one entry, unpacked. */
  maxEntryBytes: 20 * MiB,
  /** All entries together, unpacked. */
  maxTotalBytes: 100 * MiB,
  /**
   * Unpacked/packed ratio above which an entry counts as a bomb. Text compresses ~5-20x;
   * deflate tops out near 1032x on runs of one byte. Entries under `ratioFloorBytes` unpacked
   * are exempt (a small file of blanks is harmless whatever its ratio).
   */
  maxCompressionRatio: 100,
  ratioFloorBytes: 1 * MiB,
  /** Azure Resource Manager refuses templates over 4 MB. */
  maxTemplateBytes: 4 * 1024 * 1024,
  /** Test drive reads this file at the root of the package (Microsoft's test drive docs). */
  templateFileName: 'main-template.json',
};

/** Names given to documents (supporting documents, the user manual): 1-255 characters. */
export const DOCUMENT_NAME_MAX_LENGTH = 255;

export function isAssetSlot(value: unknown): value is AssetSlot {
  return typeof value === 'string' && (assetSlotNames as readonly string[]).includes(value);
}

export function slotRule(slot: AssetSlot): SlotRule {
  return assetSlots[slot];
}

/** The media type stored with (and served for) a committed asset of each kind. */
export const contentTypeOfKind: Readonly<Record<AssetKind, string>> = {
  image: 'image/png',
  pdf: 'application/pdf',
  zip: 'application/zip',
};
