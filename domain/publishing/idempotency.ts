import { createHash } from 'node:crypto';

/**
 * Idempotency-Key semantics (IETF draft-ietf-httpapi-idempotency-key-header): the first request
 * with a key is processed and its response stored; a retry with the same key and the same body
 * gets the stored response replayed; the same key with a different body is 422; the same key
 * while the first request is still being processed is 409. Keys are scoped to the publisher
 * account (and the operation), and kept at least 24 hours ({@link idempotencyKeyRetentionSeconds}).
 */
export const idempotencyKeyRetentionSeconds = 48 * 3600;

/** A key is 1-255 printable ASCII characters (the draft leaves the format to the server). */
export const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

/**
 * A claim neither renewed nor answered for this long is abandoned (the process running its request
 * died) and may be taken over. A live request renews its claim every
 * {@link idempotencyRenewSeconds}, so the lock bounds how long a crash keeps a key, not how long a
 * request may take.
 */
export const idempotencyLockSeconds = 15;

/** How often a request still running renews its claim (well inside the lock, so a late renewal or two is harmless). */
export const idempotencyRenewSeconds = 5;

export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface IdempotencyRecord {
  readonly accountId: string;
  /** `<operation> <key>`: a key is scoped to the account and the operation it was first used for. */
  readonly scopedKey: string;
  readonly fingerprint: string;
  readonly createdAt: string;
  /**
   * A random id of the request holding the claim: only that request completes or releases it,
   * so a request that outlived its lock cannot undo the claim of the one that took over.
   */
  readonly claimToken: string;
  /** When the request holding the claim last said it is still running (absent until the first renewal). */
  readonly renewedAt?: string;
  /** Absent while the first request is being processed. */
  readonly response?: StoredResponse;
}

export type IdempotencyDecision =
  | { readonly kind: 'proceed' }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'inProgress' }
  | { readonly kind: 'takeOver' };

/** A stable digest of what makes two requests "the same": operation, target and body (canonical JSON). */
export function requestFingerprint(operation: string, target: string, body: unknown): string {
  return createHash('sha256').update(`${operation}\n${target}\n${canonicalJson(body)}`).digest('base64url');
}

/** What to do with a request whose key already has a record. Pure. */
export function decideIdempotency(existing: IdempotencyRecord, fingerprint: string, now: Date): IdempotencyDecision {
  if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (existing.response) return { kind: 'replay', response: existing.response };
  const age = (now.getTime() - Date.parse(existing.renewedAt ?? existing.createdAt)) / 1000;
  return age > idempotencyLockSeconds ? { kind: 'takeOver' } : { kind: 'inProgress' };
}

/** JSON with object keys sorted at every level, so key order never makes two bodies differ. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
