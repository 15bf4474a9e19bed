import type { Page, PageRequest } from '../authoring/offerStore';
import type { TestDriveSession } from './TestDriveSession';

/** Outcome of asking for a capacity slot together with the new session. */
export type ReserveResult =
  | { reserved: TestDriveSession }
  /** Every slot of the pool is held; `nextFreeAt` is the earliest known end of a holder. */
  | { full: true; nextFreeAt: string | undefined }
  /** The customer's session of this offer that has not ended (oneSessionPerCustomer.ts). */
  | { alreadyActive: TestDriveSession }
  /** Another start of this customer for this offer is under way and has not stored its session yet. */
  | { alreadyStarting: { retryAfterSeconds: number } };

/**
 * Test drive sessions and the capacity slots they hold. A slot is a document per
 * (offer, pool, n < capacity); holding one is creating it, so two sessions can never hold the
 * same slot, and the store never lets more than `capacity` sessions of a pool run at once.
 */
export interface TestDriveStore {
  /**
   * Creates the session together with a free slot of its pool (atomically), unless the pool is
   * full or this customer already has a session of this offer that has not ended (or is starting
   * one): the customer's marker (oneSessionPerCustomer.ts) is taken first, atomically, and given
   * back when no session comes of it. `hotPool` (ARM): a ready hot instance of the session's region
   * and version is handed out first, else a free slot is taken as for any session.
   */
  reserve(session: Omit<TestDriveSession, 'slot'>, capacity: number, options?: { hotPool?: boolean }): Promise<ReserveResult>;
  get(listingId: string, sessionId: string): Promise<TestDriveSession | undefined>;
  /** Applies `change` to the stored session (re-read and retried on a concurrent write). */
  update(listingId: string, sessionId: string, change: (s: TestDriveSession) => TestDriveSession): Promise<TestDriveSession>;
  /**
   * Frees the session's slot (held by the session, or by `hot:<hotInstanceId>` for a session given
   * a hot instance) and the customer's marker if it names this session, so the customer may start
   * again; what is already freed (or held by another session now) is left alone. Every path that
   * ends a session calls it.
   */
  release(session: Pick<TestDriveSession, 'listingId' | 'sessionId' | 'pool' | 'slot' | 'hotInstanceId' | 'customer'>): Promise<void>;
  /** Sessions of an offer that have not ended. */
  listActive(listingId: string): Promise<TestDriveSession[]>;
  /** One page of the offer's sessions that have not ended, oldest request first (publisher list). */
  listActivePage(listingId: string, page: PageRequest): Promise<Page<TestDriveSession>>;
  /**
   * Sessions of any offer still `provisioning` (no end set yet) that were requested before
   * `requestedBefore` (for the sweeper: a session lost before it got access).
   */
  listProvisioningSince(requestedBefore: string): Promise<TestDriveSession[]>;
  /** Sessions of any offer still holding resources after `before` (for the sweeper). */
  listOverdue(before: string): Promise<TestDriveSession[]>;
}
