import type { Config } from '../config';

/**
 * The secret values in the app's configuration: removed from log lines wherever they appear,
 * and what the log check of a test run looks for. Keys inside connection strings are taken
 * out on their own as well, since an SDK error may quote a key without its connection string.
 */
export function configuredSecrets(config: Partial<Record<keyof Config, unknown>>): string[] {
  const out: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v === 'string' && v.length > 0) out.push(v);
  };
  add(config.SECRETS_ENCRYPTION_KEY);
  add(config.COSMOS_KEY);
  const webhook = config.CERTIFICATION_WEBHOOK_SECRETS;
  for (const s of Array.isArray(webhook)
    ? webhook
    : typeof webhook === 'string'
      ? webhook.split(/\s+/)
      : []) {
    add(s);
    // The part after whsec_ is the HMAC key itself.
    if (typeof s === 'string' && s.startsWith('whsec_')) add(s.slice('whsec_'.length));
  }
  for (const connection of [config.ASSETS_STORAGE_CONNECTION_STRING, config.EMAIL_CONNECTION_STRING]) {
    if (typeof connection !== 'string') continue;
    for (const m of connection.matchAll(/(?:AccountKey|accesskey|SharedAccessKey)=([^;]+)/gi)) add(m[1]);
  }
  return out;
}
