import type { IncomingHttpHeaders } from 'node:http';

export interface LocalTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  oid: string;
  iat: number;
  nbf: number;
  exp: number;
}

const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT-shaped access token, unsigned (the local stand-ins trust each other; no app code reads
 * these tokens, only the stand-ins of the services that would validate them in Azure).
 */
export function issueLocalAccessToken(o: {
  audience: string;
  tenantId: string;
  clientId: string;
  issuer: string;
  expiresInSeconds: number;
}): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: LocalTokenClaims = {
    aud: o.audience,
    iss: o.issuer,
    tid: o.tenantId,
    appid: o.clientId,
    oid: o.clientId,
    iat: now,
    nbf: now - 60,
    exp: now + o.expiresInSeconds,
  };
  return [part({ alg: 'none', typ: 'JWT' }), part(claims), ''].join('.');
}

/**
 * The claims of the request's bearer token when it is present, unexpired and meant for one of
 * `audiences` (compared without a trailing slash); undefined otherwise (answer 401).
 */
export function readLocalAccessToken(
  headers: IncomingHttpHeaders,
  audiences: string[],
): LocalTokenClaims | undefined {
  const m = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]*)$/.exec(headers.authorization ?? '');
  if (!m?.[2]) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8')) as LocalTokenClaims;
    const norm = (s: string): string => s.replace(/\/+$/, '').toLowerCase();
    if (!audiences.map(norm).includes(norm(claims.aud))) return undefined;
    if (claims.exp * 1000 < Date.now()) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}
