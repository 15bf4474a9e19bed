import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { getConfig } from '../config';
import { withErrorHandling } from '../http/withErrorHandling';
import { customerAuthenticator, type CustomerAuthenticator, type SignedInCustomer } from './customerAuthenticator';

let authenticator: CustomerAuthenticator | undefined;

/** A storefront endpoint for signed-in customers: 401 without a valid token carrying an e-mail. */
export function withCustomer(
  handler: (request: HttpRequest, customer: SignedInCustomer, context: InvocationContext) => Promise<HttpResponseInit>,
): HttpHandler {
  return withErrorHandling(async (request, context) => {
    if (!authenticator) {
      const c = getConfig();
      authenticator = customerAuthenticator({ issuer: c.AUTH_ISSUER, audience: c.AUTH_AUDIENCE, jwksUrl: c.AUTH_JWKS_URL });
    }
    const customer = await authenticator(request.headers.get('authorization'));
    return handler(request, customer, context);
  });
}
