import { ACTIVE_STATUSES, type TestDriveSession } from './TestDriveSession';

/**
 * THE rule "a customer has at most one test drive session of an offer that has not ended".
 *
 * It is held by a marker per (offer, customer), taken with one conditional create before any
 * capacity is reserved, so of any number of simultaneous starts exactly one gets it (a query for
 * the customer's running sessions followed by a create let two simultaneous starts both pass).
 * The marker names the session it is for; it is freed together with that session's slot, and by
 * a start that took it and then got no session (pool full, an error). A marker found in place
 * is judged by `judgeMarker`.
 */

/**
 * How long a start may take from taking the marker to storing its session (a query and a batch or
 * two). A marker older than this whose session does not exist was left by a start cut short (a
 * host stopped in between) and is taken over. Only liveness hangs on this figure, not the rule:
 * the start writes its session in one transactional batch that is conditional on still holding
 * the marker (its ETag), so a start that was merely slow can no longer store a second session
 * once its marker was taken over; it answers as a refused start does.
 */
export const START_CUT_OFF_MS = 30_000;

export interface MarkerState {
  /** The session the marker is for. */
  readonly sessionId: string;
  /** When the start that took it began (its `requestedAt`). */
  readonly takenAt: string;
}

export type MarkerVerdict =
  /** Its session has not ended: the customer's start is refused with that session. */
  | { alreadyActive: TestDriveSession }
  /** Another start of this customer is between taking the marker and storing its session. */
  | { alreadyStarting: { retryAfterSeconds: number } }
  /** Left behind (its session ended, or its start was cut short): a new start may take it over. */
  | 'takeOver';

/** What a start finding the customer's marker in place does, given the session it names (if stored). */
export function judgeMarker(
  marker: MarkerState,
  holder: TestDriveSession | undefined,
  now: number,
): MarkerVerdict {
  if (holder) return ACTIVE_STATUSES.includes(holder.status) ? { alreadyActive: holder } : 'takeOver';
  const age = now - Date.parse(marker.takenAt);
  // An unreadable takenAt (NaN) counts as old: a marker nobody can judge must not block for ever.
  if (!(age < START_CUT_OFF_MS)) return 'takeOver';
  // (Capped: a marker stamped by a clock ahead of this one does not ask for a longer wait.)
  const wait = Math.min(START_CUT_OFF_MS, START_CUT_OFF_MS - age);
  return { alreadyStarting: { retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) } };
}
