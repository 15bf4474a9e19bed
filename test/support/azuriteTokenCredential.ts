import type { AccessToken, TokenCredential } from '@azure/identity';

/**
 * A bearer-token credential that Azurite's `--oauth basic` accepts: it checks the token's
 * issuer prefix, audience and lifetime, not its signature. Lets tests drive the token path
 * (user delegation keys and SAS) exactly as the managed identity does in Azure.
 */
export function azuriteTokenCredential(): TokenCredential {
  return {
    getToken: (): Promise<AccessToken> => {
      const now = Math.floor(Date.now() / 1000);
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const token = [
        part({ alg: 'RS256', typ: 'JWT' }),
        part({
          aud: 'https://storage.azure.com',
          iss: 'https://sts.windows.net/00000000-0000-0000-0000-000000000001/',
          oid: '00000000-0000-0000-0000-0000000000aa',
          tid: '00000000-0000-0000-0000-000000000001',
          iat: now - 60,
          nbf: now - 60,
          exp: now + 3600,
        }),
        Buffer.from('unsigned').toString('base64url'),
      ].join('.');
      return Promise.resolve({ token, expiresOnTimestamp: (now + 3600) * 1000 });
    },
  };
}
