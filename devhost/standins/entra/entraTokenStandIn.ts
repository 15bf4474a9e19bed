import type { Server } from 'node:http';
import { createStandInServer, type Route, type StandInTls } from '../shared/createStandInServer';
import { issueLocalAccessToken } from './localAccessToken';

export interface RegisteredApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface EntraTokenStandIn {
  server: Server;
  /** Registers an app; once a tenant has apps, only they get tokens in that tenant. */
  registerApp(app: RegisteredApp): void;
  /** Token requests seen (client id, tenant, scope; never the secret). */
  requests(): { tenantId: string; clientId: string; scope: string; granted: boolean }[];
  close(): void;
}

/**
 * Microsoft Entra ID's client-credentials flow as MSAL (ClientSecretCredential) uses it:
 * `GET /{tenant}/v2.0/.well-known/openid-configuration` and `POST /{tenant}/oauth2/v2.0/token`.
 * Tokens are JWT-shaped and unsigned (see localAccessToken); the resource stand-ins check their
 * audience and expiry. A tenant with no registered app accepts any client id and secret, so a
 * local demo works with whatever the offer says; tests register apps to see wrong secrets refused.
 */
export function createEntraTokenStandIn(tls: StandInTls): EntraTokenStandIn {
  const apps = new Map<string, Map<string, string>>();
  const seen: { tenantId: string; clientId: string; scope: string; granted: boolean }[] = [];
  let origin = '';

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/(?<tenant>[^/]+)\/v2\.0\/\.well-known\/openid-configuration$/,
      handle: (ctx) => {
        const base = `${origin}/${ctx.params.tenant}`;
        return {
          status: 200,
          json: {
            issuer: `${base}/v2.0`,
            token_endpoint: `${base}/oauth2/v2.0/token`,
            authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
            end_session_endpoint: `${base}/oauth2/v2.0/logout`,
            jwks_uri: `${base}/discovery/v2.0/keys`,
            response_types_supported: ['code', 'token'],
            subject_types_supported: ['pairwise'],
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['client_secret_post'],
          },
        };
      },
    },
    {
      method: 'POST',
      pattern: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/,
      handle: (ctx) => {
        const form = ctx.form();
        const tenantId = ctx.params.tenant as string;
        const clientId = form.get('client_id') ?? '';
        const scope = form.get('scope') ?? '';
        if (form.get('grant_type') !== 'client_credentials') {
          return {
            status: 400,
            json: {
              error: 'unsupported_grant_type',
              error_description: 'AADSTS70003: only client_credentials is supported here',
            },
          };
        }
        const resource = scope
          .split(' ')
          .find((s) => s.endsWith('/.default'))
          ?.slice(0, -'/.default'.length);
        if (!resource)
          return {
            status: 400,
            json: {
              error: 'invalid_scope',
              error_description: 'AADSTS70011: scope must be <resource>/.default',
            },
          };
        const tenantApps = apps.get(tenantId);
        const granted = !tenantApps || tenantApps.get(clientId) === form.get('client_secret');
        seen.push({ tenantId, clientId, scope, granted });
        if (!granted) {
          return {
            status: 401,
            json: {
              error: 'invalid_client',
              error_description: 'AADSTS7000215: Invalid client secret provided.',
            },
          };
        }
        const expiresIn = 3599;
        return {
          status: 200,
          json: {
            token_type: 'Bearer',
            expires_in: expiresIn,
            ext_expires_in: expiresIn,
            access_token: issueLocalAccessToken({
              audience: resource,
              tenantId,
              clientId,
              issuer: `${origin}/${tenantId}/v2.0`,
              expiresInSeconds: expiresIn,
            }),
          },
        };
      },
    },
  ];

  const server = createStandInServer('entra', routes, tls);
  server.on('listening', () => {
    const address = server.address();
    if (address && typeof address === 'object') origin = `https://127.0.0.1:${address.port}`;
  });
  return {
    server,
    registerApp: (a) => {
      const m = apps.get(a.tenantId) ?? new Map<string, string>();
      m.set(a.clientId, a.clientSecret);
      apps.set(a.tenantId, m);
    },
    requests: () => [...seen],
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}
