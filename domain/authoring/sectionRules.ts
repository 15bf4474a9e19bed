import {
  offerReadiness,
  sectionStatus,
  type OfferDraft as DomainDraft,
  type OfferReadiness,
  type SectionStatus,
} from '../offer/status';
import type { SectionName } from '../offer/sectionNames';
import type { OfferDraft } from './offerStore';

export type { SectionStatus };

/** The stored draft as the offer rules read it: the alias and each saved section's stored form. */
export function domainDraft(draft: OfferDraft): DomainDraft {
  const sections: DomainDraft['sections'] = {};
  for (const [name, record] of draft.sections) {
    if (record.value !== null) sections[name] = record.value;
  }
  return { alias: draft.offer.alias, sections };
}

export function sectionStatusOf(section: SectionName, draft: OfferDraft): SectionStatus {
  return sectionStatus(section, domainDraft(draft));
}

export function readinessOf(draft: OfferDraft): OfferReadiness {
  return offerReadiness(domainDraft(draft));
}
