import { AssetError, type AssetFailure } from '../../domain/assets/AssetError';
import { AppError, type AppErrorCode } from '../http/AppError';

const codes: Record<AssetFailure, AppErrorCode> = {
  notFound: 'notFound',
  invalid: 'validationFailed',
  // A refused file is a field error on the file: 400 with the issue naming what is wrong.
  rejected: 'validationFailed',
  tooLarge: 'payloadTooLarge',
};

/** Runs an asset use-case, turning its AssetError into the API's AppError (one mapping, here). */
export async function withAssetErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AssetError) throw new AppError(codes[error.kind], error.message, error.issues);
    throw error;
  }
}
