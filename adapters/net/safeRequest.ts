import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { blockedAddressReason } from './blockedAddressReason';
import { ExternalServiceError } from './ExternalServiceError';
import { assertSafeUrl, UnsafeUrlError, type OutboundPolicy } from './safeUrl';

export interface SafeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** Whole request budget (default 15 s); a slow destination fails retryably. */
  timeoutMs?: number;
  /** Named in errors (e.g. `marketo`). */
  service: string;
}

export interface SafeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const MAX_RESPONSE_BYTES = 1_048_576;

/**
 * An HTTPS request to a URL that a publisher configured, with the SSRF guard applied twice:
 * before (assertSafeUrl: scheme, user info, resolved addresses) and at connect time (the socket's
 * DNS lookup refuses blocked addresses, so a rebinding answer between check and connect does not
 * get through). Redirects are not followed (a 3xx could point anywhere); the response body is
 * capped at 1 MiB. Transport errors and timeouts become retryable ExternalServiceErrors; a
 * refused URL throws UnsafeUrlError (not retryable: the configuration must change).
 */
export async function safeRequest(
  url: string | URL,
  req: SafeRequest,
  policy: OutboundPolicy,
): Promise<SafeResponse> {
  const { url: target } = await assertSafeUrl(url, policy);
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.map((a) => blockedAddressReason(a.address, policy.allowLoopback)).find(Boolean);
      if (bad || addresses.length === 0) {
        return callback(
          new UnsafeUrlError(String(url), `${hostname} resolved to a blocked address (${bad ?? 'none'})`),
          '',
          0,
        );
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
  const timeoutMs = req.timeoutMs ?? 15_000;
  return new Promise<SafeResponse>((resolve, reject) => {
    const r = request(
      target,
      {
        method: req.method,
        headers: {
          ...req.headers,
          ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}),
        },
        lookup: guardedLookup,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) res.destroy(new Error('response larger than 1 MiB'));
          else chunks.push(c);
        });
        res.on('error', (e) => reject(ExternalServiceError.from(req.service, e)));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    const deadline = setTimeout(() => r.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    r.on('close', () => clearTimeout(deadline));
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', (e) => reject(e instanceof UnsafeUrlError ? e : ExternalServiceError.from(req.service, e)));
    r.end(req.body);
  });
}
