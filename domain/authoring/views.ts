import type { FieldIssue } from '../errors';
import type { SectionName } from '../offer/sectionNames';
import type { LiveVersion, OfferRecord, OfferState, SectionRecord } from './offerStore';
import { sectionStatusOf, type SectionStatus, type StatusInput } from './sectionRules';

/** What the API answers about a section: its stored value (secrets as markers) and status. */
export interface SectionView {
  readonly offerId: string;
  readonly section: SectionName;
  readonly status: SectionStatus['status'];
  readonly failingFields: readonly FieldIssue[];
  readonly revision: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  readonly value: Record<string, unknown> | null;
}

/** An offer as listed. */
export interface OfferListItem {
  readonly offerId: string;
  readonly alias: string;
  readonly state: OfferState;
  readonly createdAt: string;
  readonly live: LiveVersion | null;
}

/** The draft summary: identity, state, each section's status, the live version if any. */
export interface OfferSummary extends OfferListItem {
  readonly createdBy: string;
  readonly lastModifiedAt: string;
  readonly readyToSubmit: boolean;
  readonly sections: readonly {
    readonly section: SectionName;
    readonly status: SectionStatus['status'];
    readonly failingFieldCount: number;
    readonly revision: number;
    readonly updatedAt: string | null;
    readonly updatedBy: string | null;
  }[];
}

export function offerListItem(offer: OfferRecord): OfferListItem {
  return {
    offerId: offer.offerId,
    alias: offer.alias,
    state: offer.state,
    createdAt: offer.createdAt,
    live: offer.live,
  };
}

export function sectionView(
  draft: StatusInput & { readonly offer: { readonly offerId: string } },
  record: SectionRecord,
): SectionView {
  const { status, failingFields } = sectionStatusOf(record.section, draft);
  return {
    offerId: draft.offer.offerId,
    section: record.section,
    status,
    failingFields,
    revision: record.revision,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    value: record.value,
  };
}
