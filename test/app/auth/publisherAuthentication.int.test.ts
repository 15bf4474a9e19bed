import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { LOCAL_ACCOUNT_CLAIM, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../../devhost/localIssuerKey';
import { callApi, publisherToken } from '../../support/publisherApi';
import { hostUrl } from '../../support/stack';

async function expect401(token: string | undefined, headers: Record<string, string> = {}): Promise<string> {
  const res = await callApi('/offers', { ...(token === undefined ? {} : { token }), headers });
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.code).toBe('unauthenticated');
  const challenge = res.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="publisher-api"/);
  return challenge;
}

describe('Publisher authentication', () => {
  it('When a token from the local issuer is sent, then the API answers for its account', async () => {
    const res = await callApi('/offers', { token: await publisherToken('auth-ok') });
    expect(res.status).toBe(200);
  });

  it('When no Authorization header is sent, then it answers 401 with a bare Bearer challenge', async () => {
    const challenge = await expect401(undefined);
    expect(challenge).not.toContain('error=');
  });

  it('When the header is not a bearer token, then it answers 401 invalid_request', async () => {
    expect(await expect401(undefined, { authorization: 'Basic dXNlcjpwYXNz' })).toContain('error="invalid_request"');
  });

  it('When the token has expired, then it answers 401 invalid_token', async () => {
    const token = await publisherToken('auth-expired', 'u', { expiresInSeconds: -3600 });
    const challenge = await expect401(token);
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toContain('expired');
  });

  it('When the token is for another audience or issuer, then it answers 401', async () => {
    await expect401(await publisherToken('auth-aud', 'u', { audience: 'api://someone-else' }));
    await expect401(await publisherToken('auth-iss', 'u', { issuer: 'https://evil.example/' }));
  });

  it('When the token is signed by a key the issuer does not publish, then it answers 401', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwks = (await (await fetch(hostUrl('/.well-known/local-issuer/jwks.json'))).json()) as { keys: { kid: string }[] };
    const now = Math.floor(Date.now() / 1000);
    const claims = { [LOCAL_ACCOUNT_CLAIM]: 'auth-forged', oid: 'mallory' };
    // Same kid as the real key, wrong signature.
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: jwks.keys[0]!.kid })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime(now + 600)
      .sign(privateKey);
    expect((await exportJWK(publicKey)).kty).toBe('EC');

    await expect401(forged);
  });

  it('When the token is unsigned (alg none) or an HMAC token, then it answers 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: now + 600, oid: 'mallory', [LOCAL_ACCOUNT_CLAIM]: 'auth-none' };
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    const hmac = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));

    await expect401(unsigned);
    await expect401(hmac);
  });

  it('When the token lacks the account claim, then it answers 401', async () => {
    const res = await fetch(hostUrl('/.well-known/local-issuer/jwks.json'));
    expect(res.status).toBe(200);
    const token = await publisherToken('', 'u');
    await expect401(token);
  });
});
