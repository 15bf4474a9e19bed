import { AuthoringError, type AuthoringFailure } from '../../domain/authoring/AuthoringError';
import { InvalidContinuationTokenError } from '../../adapters/cosmos/cosmosOfferStore';
import { transientCosmosFailure, type TransientReason } from '../../adapters/cosmos/transientCosmosFailure';
import { PublishingError, type PublishingFailure } from '../../domain/publishing/PublishingError';
import { AppError, type AppErrorCode } from './AppError';

const authoringCodes: Record<AuthoringFailure, AppErrorCode> = {
  notFound: 'notFound',
  invalid: 'validationFailed',
  stale: 'preconditionFailed',
  offerIdTaken: 'offerIdTaken',
  offerPublished: 'offerPublished',
};

const publishingCodes: Record<PublishingFailure, AppErrorCode> = {
  notFound: 'notFound',
  offerNotReady: 'offerNotReady',
  submissionInFlight: 'submissionInFlight',
  invalidState: 'invalidSubmissionState',
  invalid: 'validationFailed',
};

/**
 * Maps known failures to AppError; anything else is left for the 500 path. A transient database
 * failure (throttled after the SDK's retries, unavailable, timed out, connection cut) is a 503.
 */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof AuthoringError) {
    return new AppError(authoringCodes[error.kind], error.message, error.issues);
  }
  if (error instanceof PublishingError) {
    return new AppError(publishingCodes[error.kind], error.message, error.issues);
  }
  if (error instanceof InvalidContinuationTokenError) {
    return new AppError('invalidQuery', error.message, [
      { pointer: '/continuationToken', code: 'invalid', message: error.message },
    ]);
  }
  const transient = transientCosmosFailure(error);
  if (transient !== undefined) return serviceUnavailable(transient.reason, transient.retryAfterMs);
  return undefined;
}

const unavailableDetails: Record<TransientReason, string> = {
  throttled: 'The database is throttling requests.',
  unavailable: 'The database is unavailable.',
  timeout: 'The database did not answer in time.',
  connection: 'The connection to the database failed.',
};

/**
 * 503 with Retry-After in whole seconds: the database's own hint when it gave one (a 429's
 * `x-ms-retry-after-ms`), else 1 s. A write answered this way may or may not have been done (its
 * outcome was unknown): the detail says to read the resource before writing again.
 */
function serviceUnavailable(reason: TransientReason, retryAfterMs: number | undefined): AppError {
  const seconds = Math.max(1, Math.ceil((retryAfterMs ?? 1000) / 1000));
  return new AppError(
    'serviceUnavailable',
    `${unavailableDetails[reason]} Retry after ${seconds} s; ` +
      'a write may or may not have been applied, so read the resource (and its ETag) before writing again.',
    [],
    { 'Retry-After': String(seconds) },
  );
}
