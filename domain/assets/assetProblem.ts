/**
 * One reason a file was refused. `code` is stable for clients; `message` says exactly what is
 * wrong in words a publisher understands ("screenshot is 1280x719, must be 1280x720").
 */
export interface AssetProblem {
  readonly code: AssetProblemCode;
  readonly message: string;
}

export type AssetProblemCode =
  | 'empty'
  | 'tooLarge'
  | 'notPng'
  | 'corruptPng'
  | 'wrongPixelSize'
  | 'notPdf'
  | 'corruptPdf'
  | 'encryptedPdf'
  | 'notZip'
  | 'zipTooManyEntries'
  | 'zipEntryTooLarge'
  | 'zipTooLarge'
  | 'zipBomb'
  | 'zipUnsafePath'
  | 'zipEncrypted'
  | 'templateMissing'
  | 'templateInvalid'
  | 'videoUrlInvalid';

export function assetProblem(code: AssetProblemCode, message: string): AssetProblem {
  return { code, message };
}
