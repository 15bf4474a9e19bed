import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { isPossibleResourceId } from '../../domain/resourceId';
import { pickIds } from '../telemetry/invocationIds';
import { appLog } from '../telemetry/log';
import { AppError, ensureError } from './AppError';
import { problemResponse } from './problemResponse';
import { toAppError } from './toAppError';

/**
 * Wraps a handler so every failure becomes problem details: known failures with their status,
 * anything else as a 500 that is logged (message and stack only: bodies and tokens never are).
 * A route parameter that cannot be a resource id (see isPossibleResourceId) is a 404 before the
 * handler runs: the database client would throw on it.
 */
export function withErrorHandling(
  handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>,
): HttpHandler {
  return async (request, context) => {
    const instance = new URL(request.url).pathname;
    try {
      const impossible = Object.entries(request.params ?? {}).find(
        ([, value]) => !isPossibleResourceId(value),
      );
      if (impossible) throw new AppError('notFound', `There is no resource with this ${impossible[0]}.`);
      return await handler(request, context);
    } catch (caught) {
      const known = toAppError(caught);
      if (known !== undefined) {
        if (known.status >= 500) appLog(context, pickIds(request.params)).error(known.message);
        return problemResponse(known, instance);
      }
      const error = ensureError(caught);
      appLog(context, pickIds(request.params)).error(`Unhandled error in ${context.functionName}`, { error });
      return problemResponse(
        new AppError('internal', `The request failed; quote invocation id ${context.invocationId}.`),
        instance,
      );
    }
  };
}
