import type { FieldIssue } from '../errors';
import { sectionNames, type SectionName } from '../offer/sectionNames';
import type { OfferDraft } from './offerStore';
import { readinessOf, type SectionStatus } from './sectionRules';

/** The review page: every section's status with its failing fields, and the offer's readiness. */
export interface OfferReview {
  readonly offerId: string;
  readonly alias: string;
  readonly readyToSubmit: boolean;
  readonly sections: readonly {
    readonly section: SectionName;
    readonly status: SectionStatus['status'];
    readonly failingFields: readonly FieldIssue[];
    /** Observations that do not block completeness (e.g. sovereign package regions). */
    readonly notes?: readonly FieldIssue[];
  }[];
  /** Submissions and their timelines; filled by the publishing workflow. */
  readonly submissions: readonly unknown[];
}

export function reviewOffer(draft: OfferDraft): OfferReview {
  const readiness = readinessOf(draft);
  return {
    offerId: draft.offer.offerId,
    alias: draft.offer.alias,
    readyToSubmit: readiness.ready,
    sections: sectionNames.map((section) => ({ section, ...readiness.sections[section] })),
    submissions: [],
  };
}
