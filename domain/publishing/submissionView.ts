import type { Submission } from './Submission';

/**
 * A submission as publishers read it (our own resource, scoped to their account; never the
 * Durable Functions management URLs). The snapshot is summarised: its sections are on the
 * draft/live difference endpoint.
 */
export function submissionView(s: Submission) {
  return {
    submissionId: s.submissionId,
    offerId: s.offerId,
    state: s.state,
    notesForCertification: s.notesForCertification,
    submittedAt: s.submittedAt,
    submittedBy: s.submittedBy,
    marketingOnly: s.marketingOnly,
    ...(s.rollbackOf ? { rollbackOf: s.rollbackOf } : {}),
    changedFields: s.changedFields,
    snapshot: {
      frozenAt: s.snapshot.frozenAt,
      sectionRevisions: s.snapshot.sectionRevisions,
      assetIds: s.snapshot.assetIds,
    },
    notes: s.notes,
    timeline: s.timeline,
    activity: s.activity,
    ...(s.certificationReport ? { certificationReport: s.certificationReport } : {}),
    ...(s.failure ? { failure: s.failure } : {}),
    ...(s.liveVersion !== undefined ? { liveVersion: s.liveVersion } : {}),
    updatedAt: s.updatedAt,
    links: {
      self: `/api/offers/${encodeURIComponent(s.offerId)}/submissions/${encodeURIComponent(s.submissionId)}`,
    },
  };
}
