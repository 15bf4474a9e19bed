import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { AppError } from '../http/AppError';
import { verifiedTokenCapacity, verifiedTokenMaxAgeMs } from './publisherAuthenticator';
import { VerifiedTokenCache } from './verifiedTokenCache';

/** A signed-in marketplace customer (claims of the identity provider's token). */
export interface SignedInCustomer {
  readonly customerId: string;
  readonly email: string;
  readonly firstName?: string;
  readonly lastName?: string;
}

export type CustomerAuthenticator = (authorization: string | null) => Promise<SignedInCustomer>;

const acceptedAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384'];
const emailShape = z.email();

/**
 * Customers start test drives and ask to be contacted signed in, with a bearer token of the same
 * identity provider as publishers (Microsoft Entra ID; the local issuer here): the marketplace
 * front end signs the customer in and calls the API with the token. The token must carry an
 * `email` claim (and not `email_verified: false`): the e-mail is where access details go, so it
 * must be one the identity provider vouches for, never one typed into the request.
 */
export function customerAuthenticator(settings: { issuer: string; audience: string; jwksUrl: string }): CustomerAuthenticator {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  // Verified tokens are not verified again until they expire (see VerifiedTokenCache).
  const verified = new VerifiedTokenCache<SignedInCustomer>(verifiedTokenCapacity, verifiedTokenMaxAgeMs);
  return async (authorization) => {
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) throw unauthenticated('Send Authorization: Bearer <token> of the signed-in customer.');
    const known = verified.get(match[1]);
    if (known !== undefined) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], jwks, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: acceptedAlgorithms,
        clockTolerance: 60,
        requiredClaims: ['exp'],
      }));
    } catch {
      throw unauthenticated('The token is not valid.');
    }
    const customerId = typeof payload.oid === 'string' ? payload.oid : payload.sub;
    if (typeof customerId !== 'string' || customerId === '') throw unauthenticated('The token names no user (oid or sub).');
    const email = payload.email;
    if (typeof email !== 'string' || !emailShape.safeParse(email).success || payload.email_verified === false) {
      throw unauthenticated('The token carries no verified email claim.');
    }
    const customer: SignedInCustomer = {
      customerId,
      email: email.toLowerCase(),
      ...(typeof payload.given_name === 'string' ? { firstName: payload.given_name } : {}),
      ...(typeof payload.family_name === 'string' ? { lastName: payload.family_name } : {}),
    };
    // `exp` is required by the verification above.
    verified.set(match[1], customer, payload.exp!);
    return customer;
  };
}

function unauthenticated(description: string): AppError {
  return new AppError('unauthenticated', description, [], {
    'WWW-Authenticate': `Bearer realm="marketplace", error="invalid_token", error_description="${description.replace(/["\\]/g, '')}"`,
  });
}
