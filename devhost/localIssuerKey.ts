import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type KeyLike } from 'jose';

/**
 * The local issuer: a stand-in for Microsoft Entra ID that signs publisher tokens on this
 * machine. Its key pair is generated once into `.local/local-issuer/signing-key.json` (git-ignored)
 * and shared by the dev host (which serves the public half as a JWKS) and `npm run token`.
 * Nothing of it exists in Azure, where AUTH_* point at Entra ID.
 */
export const LOCAL_ISSUER = 'https://local-issuer.localtest.me/';
export const LOCAL_AUDIENCE = 'api://marketplace-publishing';
/** The claim carrying the account id, as AUTH_ACCOUNT_CLAIM defaults to it. */
export const LOCAL_ACCOUNT_CLAIM = 'extension_publisherAccountId';
/** Path of the JWKS on the dev host (outside /api/: the app never serves it). */
export const LOCAL_JWKS_PATH = '/.well-known/local-issuer/jwks.json';
const alg = 'ES256';

interface StoredKey {
  kid: string;
  privateJwk: JWK;
}

export interface LocalIssuerKey {
  readonly kid: string;
  readonly privateKey: KeyLike | Uint8Array;
  readonly publicJwk: JWK;
}

export function localIssuerKeyPath(rootDir: string): string {
  return join(rootDir, '.local', 'local-issuer', 'signing-key.json');
}

/** Loads the local issuer's key, generating it on first use (concurrent first uses agree on one key). */
export async function loadLocalIssuerKey(rootDir: string): Promise<LocalIssuerKey> {
  const path = localIssuerKeyPath(rootDir);
  let stored = readStoredKey(path);
  if (stored === undefined) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    const candidate: StoredKey = { kid: `local-${Date.now().toString(36)}`, privateJwk };
    mkdirSync(dirname(path), { recursive: true });
    try {
      // `wx`: whoever writes first wins; the others read the winner's key.
      writeFileSync(path, JSON.stringify(candidate), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    stored = await readStoredKeyWithRetry(path);
  }
  const { d: _private, ...publicJwk } = stored.privateJwk;
  return {
    kid: stored.kid,
    privateKey: await importJWK({ ...stored.privateJwk, alg }, alg),
    publicJwk: { ...publicJwk, kid: stored.kid, alg, use: 'sig' },
  };
}

export interface LocalTokenClaims {
  accountId: string;
  userId: string;
  /** Lifetime in seconds; default one hour. */
  expiresInSeconds?: number;
  audience?: string;
  issuer?: string;
}

/** Mints a publisher token as Entra ID would issue it: `oid` and `sub` for the user, the account claim. */
export async function mintLocalToken(key: LocalIssuerKey, claims: LocalTokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ [LOCAL_ACCOUNT_CLAIM]: claims.accountId, oid: claims.userId })
    .setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(claims.issuer ?? LOCAL_ISSUER)
    .setAudience(claims.audience ?? LOCAL_AUDIENCE)
    .setSubject(claims.userId)
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + (claims.expiresInSeconds ?? 3600))
    .sign(key.privateKey);
}

function readStoredKey(path: string): StoredKey | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StoredKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readStoredKeyWithRetry(path: string): Promise<StoredKey> {
  // The winner of the `wx` race may still be writing; a partial file parses as invalid JSON.
  for (let attempt = 0; ; attempt++) {
    try {
      const stored = readStoredKey(path);
      if (stored !== undefined) return stored;
    } catch (error) {
      if (attempt >= 50 || !(error instanceof SyntaxError)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
