import type { CertificationReport } from '../certification/certificationResult';
import type { FieldIssue } from '../errors';
import type { Submission, TimelineEntry } from './Submission';
import { isCancellable, type SubmissionStage, type SubmissionState } from './submissionStates';

/** What can happen to a submission; each event is applied by exactly one rule below. */
export type SubmissionEvent =
  | { type: 'validationPassed' }
  | { type: 'validationFailed'; summary: string; issues: readonly FieldIssue[] }
  | { type: 'certificationRequested'; requestId: string }
  | { type: 'certificationPassed'; report: CertificationReport }
  | { type: 'certificationFailed'; report: CertificationReport }
  | { type: 'certificationTimedOut'; deadline: string }
  | { type: 'provisioningFailed'; summary: string }
  | { type: 'previewReady' }
  | { type: 'goLive'; by: string }
  | { type: 'published'; liveVersion: number }
  | { type: 'cancel'; by: string };

export type TransitionResult =
  { readonly ok: true; readonly submission: Submission } | { readonly ok: false; readonly reason: string };

/** From which states each event is accepted. */
const acceptedFrom: Record<SubmissionEvent['type'], (s: Submission) => boolean> = {
  validationPassed: (s) => s.state === 'submitted' && openStage(s) === 'validation',
  validationFailed: (s) => s.state === 'submitted' && openStage(s) === 'validation',
  certificationRequested: (s) => s.state === 'certification',
  certificationPassed: (s) => s.state === 'certification',
  certificationFailed: (s) => s.state === 'certification',
  certificationTimedOut: (s) => s.state === 'certification',
  provisioningFailed: (s) => s.state === 'provisioning',
  previewReady: (s) =>
    s.state === 'provisioning' ||
    (s.state === 'submitted' && skipsCertification(s) && openStage(s) === undefined),
  goLive: (s) => s.state === 'preview',
  published: (s) => s.state === 'publishing',
  cancel: (s) => isCancellable(s.state),
};

/**
 * Applies one event at time `at` (ISO), by `by` (a user id or `system:<service>`): the new state,
 * the timeline (the open stage closed with its outcome, the next one opened) and the activity log.
 * Pure. An event the current state does not accept is refused with the reason.
 */
export function applySubmissionEvent(
  submission: Submission,
  event: SubmissionEvent,
  at: string,
  by: string,
): TransitionResult {
  if (!acceptedFrom[event.type](submission)) {
    return { ok: false, reason: `A submission in state ${submission.state} does not accept ${event.type}.` };
  }
  const s = submission;
  const log = (action: string, detail?: string) => [
    ...s.activity,
    { at, by, action, ...(detail ? { detail } : {}) },
  ];
  const next = (
    state: SubmissionState,
    timeline: readonly TimelineEntry[],
    action: string,
    extra: Partial<Submission> = {},
    detail?: string,
  ): TransitionResult => ({
    ok: true,
    submission: { ...s, ...extra, state, timeline, activity: log(action, detail), updatedAt: at },
  });

  switch (event.type) {
    case 'validationPassed': {
      const closed = closeOpen(s.timeline, at, 'passed');
      if (skipsCertification(s)) {
        // Marketing-only or rollback: certification and provisioning are recorded as skipped, not run.
        const skipped = (stage: SubmissionStage): TimelineEntry => ({
          stage,
          startedAt: at,
          endedAt: at,
          outcome: 'skipped',
          detail: s.rollbackOf
            ? `Rollback to version ${s.rollbackOf.version}: it was certified and provisioned already.`
            : 'Marketing-only change: the live version was certified already.',
        });
        return next(
          'submitted',
          [...closed, skipped('certification'), skipped('provisioning')],
          'validated',
          {},
          s.rollbackOf ? 'rollback' : 'marketing-only',
        );
      }
      return next('certification', [...closed, { stage: 'certification', startedAt: at }], 'validated');
    }
    case 'validationFailed':
      return next(
        'validationFailed',
        closeOpen(s.timeline, at, 'failed', event.summary),
        'validationFailed',
        {
          failure: { summary: event.summary, issues: event.issues },
        },
      );
    case 'certificationRequested':
      return next(s.state, s.timeline, 'sentToCertification', {}, event.requestId);
    case 'certificationPassed':
      return next(
        'provisioning',
        [
          ...closeOpen(s.timeline, at, 'passed', event.report.summary),
          { stage: 'provisioning', startedAt: at },
        ],
        'certificationPassed',
        { certificationReport: event.report },
      );
    case 'certificationFailed':
      return next(
        'certificationFailed',
        closeOpen(s.timeline, at, 'failed', event.report.summary),
        'certificationFailed',
        {
          certificationReport: event.report,
        },
      );
    case 'certificationTimedOut':
      return next(
        'certificationTimedOut',
        closeOpen(s.timeline, at, 'timedOut', `No certification result by ${event.deadline}.`),
        'certificationTimedOut',
      );
    case 'provisioningFailed':
      return next(
        'provisioningFailed',
        closeOpen(s.timeline, at, 'failed', event.summary),
        'provisioningFailed',
        {
          failure: { summary: event.summary, issues: [] },
        },
      );
    case 'previewReady':
      return next(
        'preview',
        [...closeOpen(s.timeline, at, 'passed'), { stage: 'preview', startedAt: at }],
        'previewReady',
      );
    case 'goLive':
      return next(
        'publishing',
        [...closeOpen(s.timeline, at, 'passed'), { stage: 'publishing', startedAt: at }],
        'goLive',
      );
    case 'published':
      return next(
        'live',
        closeOpen(s.timeline, at, 'passed'),
        'published',
        { liveVersion: event.liveVersion },
        `version ${event.liveVersion}`,
      );
    case 'cancel':
      return next('canceled', closeOpen(s.timeline, at, 'canceled'), 'canceled');
  }
}

/** A marketing-only change or a rollback goes from validation straight to preview. */
export function skipsCertification(s: Submission): boolean {
  return s.marketingOnly || s.rollbackOf !== undefined;
}

/** The stage still running (no end time), if any. */
export function openStage(s: Pick<Submission, 'timeline'>): SubmissionStage | undefined {
  return s.timeline.find((e) => e.endedAt === undefined)?.stage;
}

function closeOpen(
  timeline: readonly TimelineEntry[],
  at: string,
  outcome: NonNullable<TimelineEntry['outcome']>,
  detail?: string,
): TimelineEntry[] {
  return timeline.map((e) =>
    e.endedAt === undefined ? { ...e, endedAt: at, outcome, ...(detail ? { detail } : {}) } : e,
  );
}
