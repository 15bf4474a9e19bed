import type { FieldIssue } from '../errors';

export type AuthoringFailure =
  /** No such offer (or section) in the caller's account; another account's offer looks the same. */
  | 'notFound'
  /** A value is malformed; nothing was stored. */
  | 'invalid'
  /** The If-Match ETag is not the stored version's. */
  | 'stale'
  | 'offerIdTaken'
  | 'offerPublished';

/** Why an authoring use-case refused; the HTTP layer maps each kind to a status in one place. */
export class AuthoringError extends Error {
  constructor(
    readonly kind: AuthoringFailure,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'AuthoringError';
  }
}
