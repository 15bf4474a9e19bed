/**
 * An ARM hot pool instance: a resource group deployed ahead of any customer in one region of one
 * offer, from the template of the live version (`submissionId`). It holds one capacity slot of
 * the region (holder `hot:<instanceId>`) from the moment it starts deploying; a customer who gets
 * it takes that slot over with it. It is deleted after use, never handed to a second customer.
 *
 * - `deploying`: the resource group and its deployment are being made (one attempt only: an
 *   attempt that was interrupted, e.g. by a host crash, is not resumed but deleted, because the
 *   generated password of the first attempt is no longer known);
 * - `ready`: deployed, access details stored (secret ones sealed under the instance id);
 * - `assigned`: handed to session `sessionId` (that session deletes it when it ends);
 * - `deleting`: being deleted without ever being handed out (failed, interrupted, stale version,
 *   more than the hot count, or the offer no longer live).
 */
export type PoolInstanceStatus = 'deploying' | 'ready' | 'assigned' | 'deleting';

export interface PoolInstance {
  readonly instanceId: string;
  /** `<account>.<offer>`, the partition. */
  readonly listingId: string;
  readonly accountId: string;
  readonly offerId: string;
  /** The version whose template was deployed: handed out only to sessions of that version. */
  readonly submissionId: string;
  readonly region: string;
  /** The capacity slot of the region it holds. */
  readonly slot: number;
  readonly status: PoolInstanceStatus;
  /** The task hub whose top-up made it (the one that deploys and deletes it). */
  readonly taskHub: string;
  readonly createdAt: string;
  /** Deploy attempts started (set before the attempt, so a re-run after a crash sees 1 already). */
  readonly deployAttempts: number;
  readonly readyAt?: string;
  readonly access?: Readonly<Record<string, string>>;
  /** Secret access details (generated password), sealed under the instance id. */
  readonly sealedSecretAccess?: string;
  readonly sessionId?: string;
  readonly assignedAt?: string;
  readonly deletingSince?: string;
  /** Why it is being deleted. */
  readonly deleteReason?: PoolDeleteReason;
  readonly failure?: string;
}

export type PoolDeleteReason = 'deployFailed' | 'interrupted' | 'stale' | 'surplus' | 'orphaned';

/**
 * A region of an offer whose hot pool a task hub keeps filled. Written when a version goes live;
 * holds no counts: the hot count and capacity are read from the live plan (with the publisher's
 * overrides) on every top-up pass, so changes apply without touching this document.
 */
export interface PoolRegistration {
  readonly listingId: string;
  readonly accountId: string;
  readonly offerId: string;
  readonly region: string;
  readonly taskHub: string;
  readonly registeredAt: string;
  /** Last deploy failure: new deployments of this pool pause for a while after one. */
  readonly lastFailureAt?: string;
}

/** The holder of a capacity slot taken by a hot instance (`slot:<region>:<n>` documents). */
export function hotSlotHolder(instanceId: string): string {
  return `hot:${instanceId}`;
}
