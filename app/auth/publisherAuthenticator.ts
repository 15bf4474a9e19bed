import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../http/AppError';
import type { Publisher } from './Publisher';
import { VerifiedTokenCache } from './verifiedTokenCache';

export interface PublisherAuthSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  readonly accountClaim: string;
}

/** Verified tokens kept per process: enough for every active publisher, small in memory (~10 MB). */
export const verifiedTokenCapacity = 10_000;
/** How long a verified token is honoured without verifying it again, at most (before its `exp`). */
export const verifiedTokenMaxAgeMs = 5 * 60_000;

/** Asymmetric algorithms only: `none` and HMAC (a shared secret) are never accepted. */
const acceptedAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384'];

/** Validates a bearer token and names the publisher. */
export type PublisherAuthenticator = (authorization: string | null) => Promise<Publisher>;

/**
 * Builds an authenticator bound to one issuer. The JWKS is fetched on first use and cached by
 * `jose` (re-fetched when a token names an unknown key id, at most every 30 s), so steady-state
 * validation does no I/O; a token already verified is not verified again until it expires (or
 * for {@link verifiedTokenMaxAgeMs}, see VerifiedTokenCache).
 */
export function publisherAuthenticator(settings: PublisherAuthSettings): PublisherAuthenticator {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
  const verified = new VerifiedTokenCache<Publisher>(verifiedTokenCapacity, verifiedTokenMaxAgeMs);
  return async (authorization) => {
    const token = bearerToken(authorization);
    const known = verified.get(token);
    if (known !== undefined) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: acceptedAlgorithms,
        clockTolerance: 60,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw unauthenticated('invalid_token', describeJoseError(error));
    }
    const accountId = payload[settings.accountClaim];
    if (typeof accountId !== 'string' || accountId.trim() === '') {
      throw unauthenticated('invalid_token', `The token has no ${settings.accountClaim} claim.`);
    }
    const userId = typeof payload.oid === 'string' ? payload.oid : payload.sub;
    if (typeof userId !== 'string' || userId === '') {
      throw unauthenticated('invalid_token', 'The token names no user (oid or sub).');
    }
    const publisher: Publisher = { accountId, userId };
    // `exp` is required by the verification above.
    verified.set(token, publisher, payload.exp!);
    return publisher;
  };
}

function bearerToken(authorization: string | null): string {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) {
    // RFC 6750 3.1: no error code when the request carried no credentials at all.
    throw authorization === null
      ? unauthenticated(undefined, 'Send Authorization: Bearer <token>.')
      : unauthenticated('invalid_request', 'The Authorization header is not a bearer token.');
  }
  return match[1];
}

function unauthenticated(errorCode: string | undefined, description: string): AppError {
  const params = ['realm="publisher-api"'];
  if (errorCode !== undefined) {
    params.push(`error="${errorCode}"`, `error_description="${description.replace(/["\\]/g, '')}"`);
  }
  return new AppError('unauthenticated', description, [], {
    'WWW-Authenticate': `Bearer ${params.join(', ')}`,
  });
}

/** A short reason safe to show the caller (no token content). */
function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `The token's ${error.claim} claim is not accepted.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'The token is signed with an algorithm that is not accepted.';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is invalid.';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token is signed with an unknown key.';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return 'The token is malformed.';
  return 'The token could not be validated.';
}
