import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AuthLevel } from './httpRoutes';

/** Local defaults only; they protect nothing secret and are documented in docs/devhost.md. */
export const defaultFunctionKey = 'local-function-key';
export const defaultMasterKey = 'local-master-key';

export interface HostKeys {
  functionKey: string;
  masterKey: string;
  /** When true, `/admin/*` needs no key (DEVHOST_OPEN_ADMIN=true). */
  openAdmin: boolean;
}

export function hostKeysFromEnv(env: NodeJS.ProcessEnv = process.env): HostKeys {
  return {
    functionKey: env.DEVHOST_FUNCTION_KEY || defaultFunctionKey,
    masterKey: env.DEVHOST_MASTER_KEY || defaultMasterKey,
    openAdmin: (env.DEVHOST_OPEN_ADMIN ?? '').toLowerCase() === 'true',
  };
}

/** The key a caller presented, as Azure reads it: `code` query parameter, else `x-functions-key` header. */
export function presentedKey(req: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get('code');
  if (fromQuery) return fromQuery;
  const header = req.headers['x-functions-key'];
  return Array.isArray(header) ? header[0] : header;
}

/** function level accepts the function key or the master key; admin level only the master key. */
export function isAuthorized(level: AuthLevel, key: string | undefined, keys: HostKeys): boolean {
  if (level === 'anonymous') return true;
  if (key === undefined) return false;
  if (sameSecret(key, keys.masterKey)) return true;
  return level === 'function' && sameSecret(key, keys.functionKey);
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
