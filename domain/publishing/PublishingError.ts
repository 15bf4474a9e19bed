import type { FieldIssue } from '../errors';

export type PublishingFailure =
  /** No such offer or submission in the caller's account. */
  | 'notFound'
  /** The offer is not ready: the issues list every incomplete section and field. */
  | 'offerNotReady'
  /** Another submission of the offer is still in flight. */
  | 'submissionInFlight'
  /** The submission's state does not allow the action (e.g. go-live before preview). */
  | 'invalidState'
  | 'invalid';

/** Why a publishing use-case refused; the HTTP layer maps each kind to a status in one place. */
export class PublishingError extends Error {
  constructor(
    readonly kind: PublishingFailure,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'PublishingError';
  }
}
