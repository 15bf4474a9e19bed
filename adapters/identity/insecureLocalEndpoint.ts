import type { Config } from '../../app/config';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Whether a key-signed client may talk plain HTTP to `endpoint`: only when
 * ALLOW_INSECURE_LOCAL_ENDPOINTS is on and the endpoint is this machine (a local stand-in).
 * A remote endpoint never gets it, whatever the setting says.
 */
export function allowsInsecureConnection(
  config: Pick<Config, 'ALLOW_INSECURE_LOCAL_ENDPOINTS'>,
  endpoint: string,
): boolean {
  if (!config.ALLOW_INSECURE_LOCAL_ENDPOINTS) return false;
  try {
    return LOOPBACK_HOSTS.has(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}
