import { sectionNames } from '../offer/sectionNames';
import type { OfferDraft } from './offerStore';
import { readinessOf } from './sectionRules';
import { offerListItem, type OfferSummary } from './views';

/** The draft summary of an offer: each section's status and whether it can be submitted. */
export function summarizeOffer(draft: OfferDraft): OfferSummary {
  const readiness = readinessOf(draft);
  const sections = sectionNames.map((name) => {
    const record = draft.sections.get(name);
    const { status, failingFields } = readiness.sections[name];
    return {
      section: name,
      status,
      failingFieldCount: failingFields.length,
      revision: record?.revision ?? 0,
      updatedAt: record?.updatedAt ?? null,
      updatedBy: record?.updatedBy ?? null,
    };
  });
  const lastModifiedAt = sections
    .map((s) => s.updatedAt)
    .reduce<string>((latest, at) => (at !== null && at > latest ? at : latest), draft.offer.createdAt);
  return {
    ...offerListItem(draft.offer),
    createdBy: draft.offer.createdBy,
    lastModifiedAt,
    readyToSubmit: readiness.ready,
    sections,
  };
}
