/**
 * The states of a submission (SPEC "Publishing"). The pipeline is
 * submitted -> certification -> provisioning -> preview -> publishing -> live; a marketing-only
 * change goes submitted -> preview. Besides the SPEC's failure states (certificationFailed,
 * certificationTimedOut, canceled), two are ours: validationFailed (the snapshot no longer passes
 * the automated checks when the pipeline re-checks it, e.g. the SAS expired in between) and
 * provisioningFailed (the provisioning service reported a failed deployment).
 */
export const submissionStates = [
  'submitted',
  'certification',
  'provisioning',
  'preview',
  'publishing',
  'live',
  'validationFailed',
  'certificationFailed',
  'certificationTimedOut',
  'provisioningFailed',
  'canceled',
] as const;
export type SubmissionState = (typeof submissionStates)[number];

/** States in which a submission still moves: at most one per offer (SPEC: one in flight). */
export const inFlightStates: readonly SubmissionState[] = [
  'submitted',
  'certification',
  'provisioning',
  'preview',
  'publishing',
];

export function isInFlight(state: SubmissionState): boolean {
  return inFlightStates.includes(state);
}

/** A submission may be cancelled until Go-live was selected (publishing and live are past that point). */
export function isCancellable(state: SubmissionState): boolean {
  return ['submitted', 'certification', 'provisioning', 'preview'].includes(state);
}

/** The stages a timeline records (every in-flight state is a stage; `live` closes the timeline). */
export type SubmissionStage = 'validation' | 'certification' | 'provisioning' | 'preview' | 'publishing';
