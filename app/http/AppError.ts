import type { FieldIssue } from '../../domain/errors';

/**
 * Every error the API answers with, by code. The HTTP status and title of each code live here and
 * nowhere else, so a reader finds the whole mapping in one place.
 */
export const appErrorKinds = {
  invalidJson: { status: 400, title: 'The request body is not valid JSON' },
  validationFailed: { status: 400, title: 'One or more fields are invalid' },
  invalidQuery: { status: 400, title: 'One or more query parameters are invalid' },
  unauthenticated: { status: 401, title: 'A valid bearer token is required' },
  notFound: { status: 404, title: 'The resource does not exist' },
  offerIdTaken: { status: 409, title: 'The offer id is already used in this account' },
  offerPublished: { status: 409, title: 'An offer that has been published cannot be deleted' },
  preconditionFailed: {
    status: 412,
    title: 'The resource has changed since it was read (stale If-Match)',
  },
  offerNotReady: { status: 422, title: 'The offer is not ready to submit; the errors list what is incomplete' },
  submissionInFlight: { status: 409, title: 'Another submission of this offer is in flight' },
  invalidSubmissionState: { status: 409, title: 'The submission is not in a state that allows this' },
  idempotencyKeyReused: { status: 422, title: 'The Idempotency-Key was used with a different request' },
  idempotencyKeyInUse: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  webhookMalformed: { status: 400, title: 'The webhook delivery is malformed' },
  webhookUnauthenticated: { status: 401, title: 'The webhook signature is missing, wrong or stale' },
  testDriveUnavailable: { status: 409, title: 'This offer has no test drive that can be started' },
  testDriveAlreadyActive: { status: 409, title: 'You already have a test drive of this offer running' },
  testDriveEnded: { status: 409, title: 'The test drive has already ended' },
  leadDeliveryInProgress: { status: 409, title: 'The lead is still being delivered' },
  leadDestinationMissing: { status: 409, title: 'The offer has no lead destination for this' },
  testDriveCapacityFull: { status: 429, title: 'Every test drive of this offer is in use; try again after Retry-After seconds' },
  quotaExceeded: { status: 429, title: 'A quota on this kind of request is used up; try again after Retry-After seconds' },
  payloadTooLarge: { status: 413, title: 'The request body is too large' },
  unsupportedMediaType: { status: 415, title: 'The request body must be application/json' },
  preconditionRequired: { status: 428, title: 'This write requires an If-Match header' },
  serviceUnavailable: {
    status: 503,
    title: 'The service is briefly unable to answer; try again after Retry-After seconds',
  },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type AppErrorCode = keyof typeof appErrorKinds;

/** The one application error type: a code (which fixes the HTTP status), a detail, field issues. */
export class AppError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: AppErrorCode,
    readonly detail?: string,
    readonly errors: readonly FieldIssue[] = [],
    /** Extra response headers, e.g. `WWW-Authenticate` for 401. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail ?? appErrorKinds[code].title);
    this.name = 'AppError';
    this.status = appErrorKinds[code].status;
    this.title = appErrorKinds[code].title;
  }
}

/** Normalises a caught value so it can be logged or rethrown as an Error. */
export function ensureError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
}
