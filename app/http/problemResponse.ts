import type { HttpResponseInit } from '@azure/functions';
import type { AppError } from './AppError';

/** Base of the `type` URIs; each code is documented in docs/api.md under the same anchor. */
const problemTypeBase = 'https://marketplace-publishing.example/problems/';

/** An RFC 9457 problem details response for an AppError, with one entry per failing field. */
export function problemResponse(error: AppError, instance?: string): HttpResponseInit {
  return {
    status: error.status,
    headers: { 'Content-Type': 'application/problem+json', ...error.headers },
    jsonBody: {
      type: problemTypeBase + error.code,
      title: error.title,
      status: error.status,
      code: error.code,
      detail: error.detail ?? error.title,
      ...(instance === undefined ? {} : { instance }),
      errors: error.errors.map(({ pointer, code, message }) => ({ pointer, code, message })),
    },
  };
}
