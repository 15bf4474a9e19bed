import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/): the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, signed with HMAC-SHA256 under the secret's bytes
 * (the base64 after `whsec_`), sent as `webhook-signature: v1,<base64>` (several space-separated
 * signatures are allowed, so a sender can sign with the old and new secret during a rotation).
 * node:crypto only: no I/O.
 */

/** Replays older (or clocks further ahead) than this are refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export type WebhookVerification =
  | { ok: true; id: string; timestamp: number }
  | {
      ok: false;
      /** 400: the request is malformed; 401: it is not authentic or no longer fresh. */
      status: 400 | 401;
      reason:
        'missingHeaders' | 'malformedTimestamp' | 'malformedSignature' | 'staleTimestamp' | 'badSignature';
    };

function secretBytes(secret: string): Buffer {
  const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret.trim());
  if (!m?.[1]) throw new Error('A webhook secret must be whsec_<base64>');
  return Buffer.from(m[1], 'base64');
}

function sign(id: string, timestamp: string, body: string | Buffer, key: Buffer): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

/** The headers for a payload signed with every given secret (one `v1,` entry each). */
export function signWebhook(
  id: string,
  timestampSeconds: number,
  body: string,
  secrets: readonly string[],
): WebhookHeaders {
  const timestamp = String(Math.floor(timestampSeconds));
  const signatures = secrets.map((s) => `v1,${sign(id, timestamp, body, secretBytes(s)).toString('base64')}`);
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}

/**
 * Checks a delivery against any of `secrets` (rotation: all configured secrets are tried) with a
 * 5-minute tolerance around `nowSeconds`. `body` must be the raw bytes as received: re-serialised
 * JSON would not verify. Comparison is constant-time.
 */
export function verifyWebhook(
  headers: Partial<Record<keyof WebhookHeaders, string | null | undefined>>,
  body: string | Buffer,
  secrets: readonly string[],
  nowSeconds: number,
): WebhookVerification {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sigHeader = headers['webhook-signature'];
  if (!id || !ts || !sigHeader) return { ok: false, status: 400, reason: 'missingHeaders' };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, status: 400, reason: 'malformedTimestamp' };
  const timestamp = Number(ts);
  if (Math.abs(nowSeconds - timestamp) > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, status: 401, reason: 'staleTimestamp' };
  }
  const given: Buffer[] = [];
  for (const part of sigHeader.trim().split(/\s+/)) {
    const [version, value] = part.split(',', 2);
    if (!version || value === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
      return { ok: false, status: 400, reason: 'malformedSignature' };
    }
    // Unknown versions (e.g. v1a, asymmetric) are skipped, as the specification asks.
    if (version === 'v1') given.push(Buffer.from(value, 'base64'));
  }
  for (const secret of secrets) {
    const expected = sign(id, ts, body, secretBytes(secret));
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) {
      return { ok: true, id, timestamp };
    }
  }
  return { ok: false, status: 401, reason: 'badSignature' };
}
