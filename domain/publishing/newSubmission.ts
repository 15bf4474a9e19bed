import type { OfferDraft } from '../authoring/offerStore';
import { changedPointers, diffSnapshots } from './diffSnapshots';
import { freezeSnapshot } from './freezeSnapshot';
import { isMarketingOnlyChange } from './marketingFields';
import { preflightChecks } from './preflightChecks';
import { PublishingError } from './PublishingError';
import type { OfferSnapshot, Submission } from './Submission';

export interface NewSubmissionInput {
  readonly submissionId: string;
  readonly draft: OfferDraft;
  /** The live version's snapshot and submission id, when the offer is live. */
  readonly live: { readonly submissionId: string; readonly snapshot: OfferSnapshot } | undefined;
  readonly notesForCertification: string;
  readonly userId: string;
  readonly now: Date;
}

/**
 * A new submission of a draft (SPEC "Publishing"): refused with every incomplete section and
 * field unless the draft passes the pre-flight checks; otherwise the draft is frozen into a
 * snapshot, compared with the live version (marketing-only or not), and the timeline opens with
 * the validation stage. Pure: storing it is the caller's business.
 */
export function newSubmission(input: NewSubmissionInput): Omit<Submission, 'etag'> {
  const at = input.now.toISOString();
  const snapshot = freezeSnapshot(input.draft, at);
  const preflight = preflightChecks(snapshot, input.now);
  if (!preflight.passed) {
    throw new PublishingError(
      'offerNotReady',
      `The offer cannot be submitted: ${preflight.issues.length} field(s) need attention.`,
      preflight.issues,
    );
  }
  const changed = changedPointers(diffSnapshots(input.live?.snapshot.sections, snapshot.sections));
  return {
    submissionId: input.submissionId,
    accountId: input.draft.offer.accountId,
    offerId: input.draft.offer.offerId,
    state: 'submitted',
    notesForCertification: input.notesForCertification,
    submittedAt: at,
    submittedBy: input.userId,
    marketingOnly: isMarketingOnlyChange(input.live !== undefined, changed),
    changedFields: changed,
    basedOnLiveSubmissionId: input.live?.submissionId ?? null,
    snapshot,
    notes: preflight.notes,
    timeline: [{ stage: 'validation', startedAt: at }],
    activity: [{ at, by: input.userId, action: 'submitted' }],
    updatedAt: at,
    steps: [],
  };
}
