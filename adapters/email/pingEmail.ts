import { getConfig } from '../../app/config';

/**
 * Whether the e-mail service endpoint answers at all. The ACS e-mail API has no read-only call
 * that proves more without sending, so any HTTP answer counts as reachable; nothing is sent.
 */
export async function pingEmail(signal?: AbortSignal): Promise<void> {
  const res = await fetch(getConfig().EMAIL_ENDPOINT, { method: 'GET', ...(signal && { signal }) });
  await res.body?.cancel();
}
