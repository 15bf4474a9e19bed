import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { withErrorHandling } from '../http/withErrorHandling';
import type { Publisher } from './Publisher';
import { getPublisherAuthenticator } from './getPublisherAuthenticator';

/**
 * A publisher endpoint: the bearer token is validated before the handler runs (401 otherwise),
 * and the handler receives the publisher it acts for.
 */
export function withPublisher(
  handler: (
    request: HttpRequest,
    publisher: Publisher,
    context: InvocationContext,
  ) => Promise<HttpResponseInit>,
): HttpHandler {
  return withErrorHandling(async (request, context) => {
    const publisher = await getPublisherAuthenticator()(request.headers.get('authorization'));
    return handler(request, publisher, context);
  });
}
