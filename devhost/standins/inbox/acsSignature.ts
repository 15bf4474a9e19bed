import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What the signature check needs from a request (raw values as they arrived). */
export interface SignedRequest {
  method: string;
  /** Path and query as received, e.g. `/emails:send?api-version=2025-09-01`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** ACS rejects requests whose `x-ms-date` is further than this from its clock. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/**
 * Verifies the HMAC-SHA256 scheme that `@azure/communication-common`'s access-key policy signs
 * with: string-to-sign `VERB\n<path>?<query>\n<x-ms-date>;<host>;<x-ms-content-sha256>`, where the
 * content hash is the base64 SHA-256 of the body and the signature the base64 HMAC-SHA256 of that
 * string under the base64-decoded access key.
 */
export function verifyAcsSignature(req: SignedRequest, accessKeyBase64: string): SignatureCheck {
  const header = (name: string): string | undefined => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const authorization = header('authorization');
  const match = /^HMAC-SHA256 SignedHeaders=([^&]+)&Signature=(.+)$/.exec(authorization ?? '');
  if (!match) return { ok: false, reason: 'missing or malformed HMAC-SHA256 Authorization header' };
  const [, signedHeaders, signature] = match as unknown as [string, string, string];
  if (signedHeaders.toLowerCase() !== 'x-ms-date;host;x-ms-content-sha256') {
    return { ok: false, reason: `unexpected SignedHeaders ${signedHeaders}` };
  }
  const date = header('x-ms-date');
  const host = header('host');
  const contentHash = header('x-ms-content-sha256');
  if (!date || !host || !contentHash) {
    return { ok: false, reason: 'x-ms-date, host and x-ms-content-sha256 are required' };
  }
  const sentAt = Date.parse(date);
  if (Number.isNaN(sentAt) || Math.abs(Date.now() - sentAt) > MAX_CLOCK_SKEW_MS) {
    return { ok: false, reason: 'x-ms-date is missing, malformed or outside the allowed clock skew' };
  }
  const actualHash = createHash('sha256').update(req.body).digest('base64');
  if (actualHash !== contentHash) return { ok: false, reason: 'x-ms-content-sha256 does not match the body' };

  const url = new URL(req.url, 'http://inbox.invalid');
  const query = url.searchParams.toString();
  const pathAndQuery = query ? `${url.pathname}?${query}` : url.pathname;
  const stringToSign = `${req.method.toUpperCase()}\n${pathAndQuery}\n${date};${host};${contentHash}`;
  const expected = createHmac('sha256', Buffer.from(accessKeyBase64, 'base64'))
    .update(stringToSign, 'utf8')
    .digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true };
}
