import { getConfig } from '../config';
import { publisherAuthenticator, type PublisherAuthenticator } from './publisherAuthenticator';

let authenticator: PublisherAuthenticator | undefined;

/** The process's authenticator, built from configuration on first use (its JWKS cache is shared). */
export function getPublisherAuthenticator(): PublisherAuthenticator {
  if (authenticator === undefined) {
    const config = getConfig();
    authenticator = publisherAuthenticator({
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      jwksUrl: config.AUTH_JWKS_URL,
      accountClaim: config.AUTH_ACCOUNT_CLAIM,
    });
  }
  return authenticator;
}
