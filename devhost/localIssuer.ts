import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostExtension, HostServices } from './extension';
import { LOCAL_JWKS_PATH, loadLocalIssuerKey, type LocalIssuerKey } from './localIssuerKey';
import { findProjectRoot } from './stack';

/**
 * Serves the local issuer's public keys at `/.well-known/local-issuer/jwks.json` on the dev host.
 * It lives in the host, not in the app, so a deployed app can never serve (or trust) a dev key.
 *
 * Only the host knows its port, so when AUTH_JWKS_URL is not set it points the setting at itself
 * before the app first reads its configuration (the app reads it lazily, on first request).
 */
export function localIssuer(rootDir: string = findProjectRoot()): HostExtension {
  let key: LocalIssuerKey | undefined;
  return {
    name: 'local-issuer',
    async start(host: HostServices): Promise<void> {
      key = await loadLocalIssuerKey(rootDir);
      process.env.AUTH_JWKS_URL ??= `${host.origin}${LOCAL_JWKS_PATH}`;
    },
    stop(): Promise<void> {
      return Promise.resolve();
    },
    handleHttp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      if (url.pathname !== LOCAL_JWKS_PATH || key === undefined) return Promise.resolve(false);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return Promise.resolve(true);
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=300' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ keys: [key.publicJwk] }));
      return Promise.resolve(true);
    },
  };
}
