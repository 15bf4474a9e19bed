import { PublishingError } from './PublishingError';
import type { SubmissionRepository } from './publishingStores';
import type { Submission } from './Submission';
import { applySubmissionEvent, type SubmissionEvent } from './submissionTransitions';

export interface SubmissionRef {
  readonly accountId: string;
  readonly offerId: string;
  readonly submissionId: string;
}

export type RecordResult =
  | { readonly applied: true; readonly submission: Submission }
  /** The step was applied before (an activity ran again): nothing changed. */
  | { readonly applied: false; readonly alreadyApplied: true; readonly submission: Submission }
  /** The state does not accept the event (e.g. the submission was cancelled meanwhile). */
  | { readonly applied: false; readonly alreadyApplied: false; readonly submission: Submission; readonly reason: string };

/**
 * Applies an event to a stored submission under an idempotency key (`stepKey`, e.g.
 * `certification:passed`): the key is stored with the change in the same conditional write, so
 * an activity that runs twice applies it once. Concurrent writers are serialised by ETag (re-read
 * and re-applied on a stale write).
 */
export async function recordSubmissionEvent(
  repo: SubmissionRepository,
  ref: SubmissionRef,
  stepKey: string,
  event: SubmissionEvent,
  by: string,
  now: () => Date,
): Promise<RecordResult> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await repo.get(ref.accountId, ref.offerId, ref.submissionId);
    if (!current) throw new PublishingError('notFound', `There is no submission ${ref.submissionId} of offer ${ref.offerId}.`);
    if (current.steps.includes(stepKey)) return { applied: false, alreadyApplied: true, submission: current };
    const result = applySubmissionEvent(current, event, now().toISOString(), by);
    if (!result.ok) return { applied: false, alreadyApplied: false, submission: current, reason: result.reason };
    const { etag, ...next } = { ...result.submission, steps: [...current.steps, stepKey] };
    void etag; // the stored version is the one read, not the one the transition copied
    const written = await repo.replace(next, current.etag);
    if ('ok' in written) return { applied: true, submission: written.ok };
  }
  throw new Error(`Submission ${ref.submissionId}: too many concurrent writes`);
}

/**
 * Records that a side effect without a state change (an e-mail) was done, under its key: true
 * when this call recorded it, false when it was recorded before.
 */
export async function recordSubmissionStep(
  repo: SubmissionRepository,
  ref: SubmissionRef,
  stepKey: string,
  action: string,
  by: string,
  now: () => Date,
): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await repo.get(ref.accountId, ref.offerId, ref.submissionId);
    if (!current) throw new PublishingError('notFound', `There is no submission ${ref.submissionId} of offer ${ref.offerId}.`);
    if (current.steps.includes(stepKey)) return false;
    const at = now().toISOString();
    const { etag, ...next } = {
      ...current,
      steps: [...current.steps, stepKey],
      activity: [...current.activity, { at, by, action }],
      updatedAt: at,
    };
    void etag;
    const written = await repo.replace(next, current.etag);
    if ('ok' in written) return true;
  }
  throw new Error(`Submission ${ref.submissionId}: too many concurrent writes`);
}
