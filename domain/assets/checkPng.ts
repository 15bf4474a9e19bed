import { imageSize } from 'image-size';
import { type AssetProblem, assetProblem } from './assetProblem';
import type { ImageSlotRule } from './assetSlots';
import { crc32 } from './crc32';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export type PngCheck = { ok: true; width: number; height: number } | { ok: false; problem: AssetProblem };

/**
 * Accepts a PNG whose pixel size is exactly the slot's. The file must start with the PNG
 * signature and be a well-formed chunk sequence (IHDR first, at least one IDAT, IEND last,
 * every chunk's CRC right), so a JPEG or a text file renamed `.png`, or a PNG cut short in
 * transfer, is refused. The size is read from the file itself with `image-size`.
 */
export function checkPng(bytes: Uint8Array, rule: ImageSlotRule): PngCheck {
  const fail = (problem: AssetProblem): PngCheck => ({ ok: false, problem });
  const hasSignature = bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
  if (!hasSignature) {
    return fail(assetProblem('notPng', `${rule.label} is not a PNG image (${describeFormat(bytes)})`));
  }
  const structure = pngStructureError(bytes);
  if (structure) return fail(assetProblem('corruptPng', `${rule.label} is a damaged PNG: ${structure}`));

  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = imageSize(bytes));
  } catch {
    return fail(assetProblem('corruptPng', `${rule.label} is a damaged PNG: its size cannot be read`));
  }
  if (width === undefined || height === undefined) {
    return fail(assetProblem('corruptPng', `${rule.label} is a damaged PNG: its size cannot be read`));
  }
  if (width !== rule.width || height !== rule.height) {
    return fail(
      assetProblem(
        'wrongPixelSize',
        `${rule.label} is ${width}x${height}, must be ${rule.width}x${rule.height}`,
      ),
    );
  }
  return { ok: true, width, height };
}

/** Walks the chunks; returns what is wrong, or undefined for a well-formed PNG. */
function pngStructureError(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = PNG_SIGNATURE.length;
  let index = 0;
  let sawIdat = false;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) return 'it ends inside a chunk header';
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const dataEnd = offset + 8 + length;
    if (dataEnd + 4 > bytes.length) return `it ends inside the ${type} chunk`;
    if (crc32(bytes, offset + 4, dataEnd) !== view.getUint32(dataEnd)) {
      return `the ${type} chunk's checksum is wrong`;
    }
    if (index === 0 && (type !== 'IHDR' || length !== 13)) return 'it does not start with IHDR';
    if (type === 'IDAT') sawIdat = true;
    offset = dataEnd + 4;
    index++;
    if (type === 'IEND') {
      if (!sawIdat) return 'it has no image data';
      return offset === bytes.length ? undefined : 'it has bytes after IEND';
    }
  }
  return 'it has no IEND chunk';
}

/** A hint for the message: what the bytes look like instead. */
function describeFormat(bytes: Uint8Array): string {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (bytes.length === 0) return 'the file is empty';
  if (starts(0xff, 0xd8, 0xff)) return 'it is a JPEG';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'it is a GIF';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'it is a PDF';
  if (starts(0x50, 0x4b)) return 'it is a zip archive';
  if (starts(0x52, 0x49, 0x46, 0x46)) return 'it is a RIFF file such as WebP';
  if (starts(0x42, 0x4d)) return 'it is a BMP';
  return 'it does not start with the PNG signature';
}
