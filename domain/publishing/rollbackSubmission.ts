import { changedPointers, diffSnapshots } from './diffSnapshots';
import { preflightChecks } from './preflightChecks';
import { PublishingError } from './PublishingError';
import type { Submission } from './Submission';

export interface RollbackInput {
  readonly submissionId: string;
  /** The submission whose version is live now. */
  readonly live: Submission;
  /** The submission of the version to go back to (the one live before the current one). */
  readonly target: Submission;
  readonly userId: string;
  readonly now: Date;
}

/**
 * A rollback (SPEC "Publishing": the publisher can roll back to the previous live version): a new
 * submission re-publishing the earlier version's frozen snapshot. That snapshot was certified and
 * its package provisioned, so the pipeline skips both and goes from validation to preview, then
 * Go-live as usual; it becomes a new version number (versions are never rewritten). The draft is
 * not touched. Refused when the old snapshot no longer passes the automated checks (e.g. its
 * package SAS expired): then the publisher submits a fixed draft instead. Pure.
 */
export function rollbackSubmission(input: RollbackInput): Omit<Submission, 'etag'> {
  const { live, target } = input;
  if (target.liveVersion === undefined || live.liveVersion === undefined) {
    throw new PublishingError('invalidState', 'Only a version that was live can be rolled back to.');
  }
  const at = input.now.toISOString();
  const preflight = preflightChecks(target.snapshot, input.now);
  if (!preflight.passed) {
    throw new PublishingError(
      'offerNotReady',
      `Version ${target.liveVersion} no longer passes the automated checks: ${preflight.issues.length} field(s) need attention.`,
      preflight.issues,
    );
  }
  return {
    submissionId: input.submissionId,
    accountId: live.accountId,
    offerId: live.offerId,
    state: 'submitted',
    notesForCertification: `Rollback to version ${target.liveVersion}.`,
    submittedAt: at,
    submittedBy: input.userId,
    marketingOnly: false,
    rollbackOf: { version: target.liveVersion, submissionId: target.submissionId },
    changedFields: changedPointers(diffSnapshots(live.snapshot.sections, target.snapshot.sections)),
    basedOnLiveSubmissionId: live.submissionId,
    snapshot: target.snapshot,
    notes: preflight.notes,
    timeline: [{ stage: 'validation', startedAt: at }],
    activity: [
      { at, by: input.userId, action: 'rollbackRequested', detail: `version ${target.liveVersion}` },
    ],
    updatedAt: at,
    steps: [],
  };
}
