import type { IncomingHttpHeaders } from 'node:http';
import type { CertificationFinding } from '../../../domain/certification/certificationResult';

/** What the stand-in will do with one certification request. */
export interface CertificationPlan {
  outcome: 'approve' | 'reject' | 'never';
  delayMs: number;
  /** Findings of a rejection (pointers into the snapshot). */
  findings: CertificationFinding[];
}

/**
 * Hints, so that every branch of the pipeline can be driven from the outside:
 * - in notesForCertification: `[reject]` (one finding on /listing/description),
 *   `[reject:/pointer]` (repeatable: one finding per pointer), `[never]` (never calls back),
 *   `[delay=1500]` (milliseconds before the answer);
 * - or headers on the submit call: `x-standin-outcome: approve|reject|never`,
 *   `x-standin-delay-ms: 1500` (headers win over notes).
 * Without hints: approve after the stand-in's default delay.
 */
export function certificationPlan(
  notes: string,
  headers: IncomingHttpHeaders,
  defaultDelayMs: number,
): CertificationPlan {
  const pointers = [...notes.matchAll(/\[reject:(\/[^\]\s]*)\]/g)].map((m) => m[1] as string);
  let outcome: CertificationPlan['outcome'] = 'approve';
  if (pointers.length > 0 || /\[reject\]/.test(notes)) outcome = 'reject';
  if (/\[never\]/.test(notes)) outcome = 'never';
  const headerOutcome = headers['x-standin-outcome'];
  if (headerOutcome === 'approve' || headerOutcome === 'reject' || headerOutcome === 'never')
    outcome = headerOutcome;

  const noteDelay = /\[delay=(\d{1,7})\]/.exec(notes)?.[1];
  const headerDelay =
    typeof headers['x-standin-delay-ms'] === 'string' ? headers['x-standin-delay-ms'] : undefined;
  const delay = Number(headerDelay ?? noteDelay ?? defaultDelayMs);
  const delayMs = Number.isFinite(delay) && delay >= 0 ? delay : defaultDelayMs;

  const findings: CertificationFinding[] =
    outcome !== 'reject'
      ? []
      : (pointers.length > 0 ? pointers : ['/listing/description']).map((pointer) => ({
          pointer,
          code: 'certification.contentPolicy',
          message: `The content at ${pointer} does not meet the marketplace content policy.`,
          severity: 'error' as const,
        }));
  return { outcome, delayMs, findings };
}
