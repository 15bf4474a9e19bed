import type { HttpRequest } from '@azure/functions';
import type { PageRequest } from '../../domain/authoring/offerStore';
import { AppError } from './AppError';

export const defaultPageSize = 20;
export const maxPageSize = 100;

/** `?pageSize=` (1-100, default 20) and `?continuationToken=` (opaque, from the previous page). */
export function readPageRequest(request: HttpRequest): PageRequest {
  const rawSize = request.query.get('pageSize');
  const pageSize = rawSize === null ? defaultPageSize : Number(rawSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
    throw new AppError('invalidQuery', `pageSize must be a whole number from 1 to ${maxPageSize}.`, [
      { pointer: '/pageSize', code: 'invalid', message: `pageSize must be a whole number from 1 to ${maxPageSize}` },
    ]);
  }
  const token = request.query.get('continuationToken');
  if (token !== null && !/^[A-Za-z0-9_-]{1,8192}$/.test(token)) {
    throw new AppError('invalidQuery', 'continuationToken is not one this API issued.', [
      { pointer: '/continuationToken', code: 'invalid', message: 'continuationToken is not one this API issued' },
    ]);
  }
  return token === null ? { pageSize } : { pageSize, continuationToken: token };
}
