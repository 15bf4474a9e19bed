import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { blockedAddressReason } from './blockedAddressReason';

/** How far calls on a publisher's behalf may reach (OUTBOUND_ALLOW_LOOPBACK locally). */
export interface OutboundPolicy {
  /** Loopback addresses (local stand-ins) are allowed; never in Azure. */
  allowLoopback: boolean;
}

export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const resolveAll: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

export class UnsafeUrlError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Refused to call ${redact(url)}: ${reason}`);
    this.name = 'UnsafeUrlError';
  }
}

/** Origin and path only: a query may carry a signature (Flow trigger URLs do). */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Refuses a URL the system would call on a publisher's behalf (lead destinations, Dataverse
 * instances, storage endpoints) unless it is https, carries no user info, and every address its
 * host resolves to is public (see blockedAddressReason). Resolves DNS, so a name pointing at
 * 169.254.169.254 or 10.0.0.5 is refused as the literal would be. Returns the checked addresses;
 * callers that make the request themselves should pin them (safeRequest does), otherwise a DNS
 * answer that changes between check and call (rebinding) is not covered.
 */
export async function assertSafeUrl(
  url: string | URL,
  policy: OutboundPolicy,
  resolve: Resolve = resolveAll,
): Promise<{ url: URL; addresses: string[] }> {
  const text = String(url);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UnsafeUrlError(text, 'not an absolute URL');
  }
  if (parsed.protocol !== 'https:')
    throw new UnsafeUrlError(text, `only https is allowed, not ${parsed.protocol}`);
  if (parsed.username || parsed.password)
    throw new UnsafeUrlError(text, 'user info in the URL is not allowed');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await resolve(host)).map((a) => a.address);
    } catch (err) {
      throw new UnsafeUrlError(
        text,
        `the host does not resolve (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
    }
    if (addresses.length === 0) throw new UnsafeUrlError(text, 'the host does not resolve');
  }
  for (const address of addresses) {
    const reason = blockedAddressReason(address, policy.allowLoopback);
    if (reason) throw new UnsafeUrlError(text, `${host} resolves to ${address} (${reason})`);
  }
  return { url: parsed, addresses };
}
