import type { FieldIssue } from '../errors';

export type AssetFailure =
  /** No such offer, upload or asset in the caller's account (another account's looks the same). */
  | 'notFound'
  /** The request is malformed (unknown slot, bad id). */
  | 'invalid'
  /** The file was checked and refused; the issue says exactly why. */
  | 'rejected'
  /** The file is over the size the endpoint accepts. */
  | 'tooLarge';

/** Why an asset use-case refused; the HTTP layer maps each kind to a status in one place. */
export class AssetError extends Error {
  constructor(
    readonly kind: AssetFailure,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'AssetError';
  }
}
