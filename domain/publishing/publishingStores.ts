import type { Submission } from './Submission';
import type { StorefrontListing } from './storefrontListing';

/** Submissions of offers (one partition per offer). Scoped by account on every read. */
export interface SubmissionRepository {
  /**
   * Stores a new submission and the offer's in-flight marker together (atomically): refused with
   * the id of the submission in flight when the offer already has one.
   */
  createInFlight(submission: Omit<Submission, 'etag'>): Promise<{ created: Submission } | { inFlight: string }>;
  get(accountId: string, offerId: string, submissionId: string): Promise<Submission | undefined>;
  /** Newest first. */
  list(accountId: string, offerId: string): Promise<Submission[]>;
  /**
   * Replaces the submission when it still has `submission.etag`; a submission that leaves the
   * in-flight states releases the offer's in-flight marker in the same batch.
   */
  replace(next: Omit<Submission, 'etag'>, expectedEtag: string): Promise<{ ok: Submission } | { stale: true }>;
}

/** What customers see: the live version and the preview of each offer, and every version that was live. */
export interface StorefrontStore {
  get(listingId: string, which: 'live' | 'preview'): Promise<StorefrontListing | undefined>;
  putPreview(listing: StorefrontListing): Promise<void>;
  /**
   * Makes `listing` the live version in one conditional write: applied only if the live version
   * is still the one read (`expectedLiveSubmissionId`, null = none yet); also keeps the version
   * in the version history and removes the preview. Repeating it for the submission already
   * live is a no-op.
   */
  publish(listing: StorefrontListing, expectedLiveSubmissionId: string | null): Promise<'published' | 'stale'>;
  removePreview(listingId: string, submissionId: string): Promise<void>;
  /** Live listings sold in `market` (every market when absent), by name. */
  listLive(market: string | undefined, limit: number): Promise<StorefrontListing[]>;
}
