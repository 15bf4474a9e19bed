import type { QuotaRule } from './quota';

/** One admission counted against a quota (given back with `refund` when the work was not done). */
export interface QuotaTicket {
  readonly key: string;
  readonly id: string;
}

export type Admission =
  { admitted: true; ticket: QuotaTicket } | { admitted: false; retryAfterSeconds: number };

/**
 * Counts admissions per quota key (e.g. `testDriveStarts:customer:<id>`) so that every host
 * instance sees the same counts, and admits one more only while the key's sliding window has room
 * (domain/testdrive/quota.ts). Atomic: concurrent admissions never exceed the limit.
 */
export interface QuotaStore {
  admit(key: string, rule: QuotaRule, nowMs: number): Promise<Admission>;
  /** Gives an admission back (the request was refused for another reason); unknown tickets are ignored. */
  refund(ticket: QuotaTicket): Promise<void>;
}
