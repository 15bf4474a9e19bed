import {
  offerReadiness,
  sectionStatus,
  type OfferDraft as DomainDraft,
  type OfferReadiness,
  type SectionStatus,
} from '../offer/status';
import type { SectionName } from '../offer/sectionNames';
import type { SectionRecord } from './offerStore';

/** What section statuses are computed from: the alias and the sections at hand. */
export interface StatusInput {
  readonly offer: { readonly alias: string };
  readonly sections: ReadonlyMap<SectionName, SectionRecord>;
}

export type { SectionStatus };

/** The stored draft as the offer rules read it: the alias and each saved section's stored form. */
export function domainDraft(draft: StatusInput): DomainDraft {
  const sections: DomainDraft['sections'] = {};
  for (const [name, record] of draft.sections) {
    if (record.value !== null) sections[name] = record.value;
  }
  return { alias: draft.offer.alias, sections };
}

export function sectionStatusOf(section: SectionName, draft: StatusInput): SectionStatus {
  return sectionStatus(section, domainDraft(draft));
}

export function readinessOf(draft: StatusInput): OfferReadiness {
  return offerReadiness(domainDraft(draft));
}
