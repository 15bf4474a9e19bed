import { AuthoringError, type AuthoringFailure } from '../../domain/authoring/AuthoringError';
import { InvalidContinuationTokenError } from '../../adapters/cosmos/cosmosOfferStore';
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

/** Maps known failures to AppError; anything else is left for the 500 path. */
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
  return undefined;
}
