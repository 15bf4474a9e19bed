import type { CertificationReport } from '../certification/certificationResult';
import type { FieldIssue } from '../errors';
import type { SectionName } from '../offer/sectionNames';
import type { SubmissionStage, SubmissionState } from './submissionStates';

/**
 * What a submission froze: every saved section's stored form (secrets appear only as
 * `<field>Set` markers; their values stay in the secret store), the revision of each section, and
 * the ids of every asset referenced. Asset ids are content-addressed, so the snapshot names the
 * very bytes certification saw: a later upload makes a new id and never changes these.
 */
export interface OfferSnapshot {
  readonly alias: string;
  readonly sections: Partial<Record<SectionName, Record<string, unknown>>>;
  readonly sectionRevisions: Partial<Record<SectionName, number>>;
  readonly assetIds: readonly string[];
  readonly frozenAt: string;
}

/** One stage of the pipeline as the review page shows it. */
export interface TimelineEntry {
  readonly stage: SubmissionStage;
  readonly startedAt: string;
  readonly endedAt?: string;
  /** How the stage ended: `passed`, `skipped` (marketing-only), `failed`, `timedOut`, `canceled`. */
  readonly outcome?: 'passed' | 'skipped' | 'failed' | 'timedOut' | 'canceled';
  readonly detail?: string;
}

/** Who did what, when (submit, go-live, cancel, and the services' answers). */
export interface SubmissionActivity {
  readonly at: string;
  /** A user id, or `system:<service>` for the pipeline and external services. */
  readonly by: string;
  readonly action: string;
  readonly detail?: string;
}

export interface Submission {
  readonly submissionId: string;
  readonly accountId: string;
  readonly offerId: string;
  readonly state: SubmissionState;
  readonly notesForCertification: string;
  readonly submittedAt: string;
  readonly submittedBy: string;
  /** True when the snapshot differs from the live version only in marketing fields. */
  readonly marketingOnly: boolean;
  /** Pointers (into the snapshot) of what changed since the live version (every field on a first submission). */
  readonly changedFields: readonly string[];
  /**
   * Set on a rollback: the earlier live version whose snapshot this submission re-publishes. It
   * was certified and provisioned already, so the pipeline goes from validation to preview.
   */
  readonly rollbackOf?: { readonly version: number; readonly submissionId: string };
  /** Live version this submission would replace (null: first publication). */
  readonly basedOnLiveSubmissionId: string | null;
  readonly snapshot: OfferSnapshot;
  /** Non-blocking observations of the automated checks (sovereign regions, extra steps). */
  readonly notes: readonly FieldIssue[];
  readonly timeline: readonly TimelineEntry[];
  readonly activity: readonly SubmissionActivity[];
  readonly certificationReport?: CertificationReport;
  /** Why validation or provisioning failed (field-level when it can be). */
  readonly failure?: { readonly summary: string; readonly issues: readonly FieldIssue[] };
  /** Set when live: the live version number of the offer (1 for the first publication). */
  readonly liveVersion?: number;
  readonly updatedAt: string;
  /** Idempotency keys of the pipeline steps already applied (a re-run activity finds its key and does nothing). */
  readonly steps: readonly string[];
  /** Opaque version for conditional writes (the repository's ETag). */
  readonly etag: string;
}
