import type { Submission } from './Submission';

/** One version of an offer that was live (every live version is kept). */
export interface OfferVersion {
  readonly version: number;
  readonly submissionId: string;
  readonly wentLiveAt: string;
  readonly submittedBy: string;
  readonly marketingOnly: boolean;
  /** Set when the version re-published an earlier one. */
  readonly rollbackOf?: { readonly version: number; readonly submissionId: string };
  /** The version customers see now. */
  readonly current: boolean;
}

/**
 * The versions of an offer, oldest first, from its submissions: a submission that went live
 * holds its version number and keeps its frozen snapshot forever, so a version is the snapshot of
 * the submission that published it. `liveSubmissionId` marks the current one.
 */
export function offerVersions(
  submissions: readonly Submission[],
  liveSubmissionId: string | undefined,
): OfferVersion[] {
  return submissions
    .filter((s): s is Submission & { liveVersion: number } => s.liveVersion !== undefined)
    .sort((a, b) => a.liveVersion - b.liveVersion)
    .map((s) => ({
      version: s.liveVersion,
      submissionId: s.submissionId,
      wentLiveAt: s.timeline.find((e) => e.stage === 'publishing')?.endedAt ?? s.updatedAt,
      submittedBy: s.submittedBy,
      marketingOnly: s.marketingOnly,
      ...(s.rollbackOf ? { rollbackOf: s.rollbackOf } : {}),
      current: s.submissionId === liveSubmissionId,
    }));
}
