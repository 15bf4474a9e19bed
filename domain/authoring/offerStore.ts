import type { SectionName } from '../offer/sectionNames';

/**
 * Where an offer stands in publishing. Authoring creates offers as `draft`; the publishing
 * workflow moves them on. `everPublished` (below) is what guards deletion, not the state.
 */
export const offerStates = ['draft', 'inReview', 'preview', 'live'] as const;
export type OfferState = (typeof offerStates)[number];

/** The live version of an offer, written by the publishing workflow when a submission goes live. */
export interface LiveVersion {
  readonly submissionId: string;
  readonly wentLiveAt: string;
}

/** An offer's own record (not its sections). */
export interface OfferRecord {
  readonly accountId: string;
  readonly offerId: string;
  readonly alias: string;
  readonly state: OfferState;
  readonly createdAt: string;
  readonly createdBy: string;
  /** True once any submission has gone to preview or live; such an offer cannot be deleted. */
  readonly everPublished: boolean;
  readonly live: LiveVersion | null;
  readonly etag: string;
}

/** A section as stored: its value has secrets replaced by `<field>Set: true` markers. */
export interface SectionRecord {
  readonly section: SectionName;
  /** `null` until the first save (status `notStarted`). */
  readonly value: Record<string, unknown> | null;
  /** Count of saves; 0 before the first. */
  readonly revision: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  /** Id of this creation of the offer id (an offer deleted and created again gets a new one). */
  readonly incarnation: string;
  /** Where each secret set on this section is kept, by JSON pointer (opaque to the domain). */
  readonly secretRefs: Readonly<Record<string, string>>;
  readonly etag: string;
}

/** An offer with every section: what status and review are computed from. */
export interface OfferDraft {
  readonly offer: OfferRecord;
  readonly sections: ReadonlyMap<SectionName, SectionRecord>;
}

/** One section with what its status needs from the offer (the alias, immutable). */
export interface SectionSnapshot {
  readonly alias: string;
  readonly record: SectionRecord;
}

/** One save of a section, as the history shows it (secrets appear only as `<field>Set` markers). */
export interface SectionHistoryEntry {
  readonly section: SectionName;
  readonly revision: number;
  readonly savedAt: string;
  readonly savedBy: string;
  /** JSON pointers (into the section) of every value that was added, changed or removed. */
  readonly changedFields: readonly string[];
  /** The value as saved, so no save is ever lost even when a later one replaces it. */
  readonly value: Record<string, unknown>;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque; absent on the last page. */
  readonly continuationToken?: string;
}

export interface PageRequest {
  readonly pageSize: number;
  readonly continuationToken?: string;
}

/** A section write. */
export interface SectionWrite {
  /** The stored section this write replaces; the write applies only if it is still current. */
  readonly previous: SectionRecord;
  /** The offer's alias (immutable), kept with the section. */
  readonly alias: string;
  readonly value: Record<string, unknown>;
  /** Secrets given in this write, by JSON pointer; secrets not named here are kept. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly history: SectionHistoryEntry;
}

export type CreateOfferResult = { readonly created: OfferDraft } | { readonly taken: true };
export type ConditionalResult<T> = { readonly ok: T } | { readonly failed: 'notFound' | 'stale' };

/**
 * The storage the authoring use-cases need. Every method is scoped to one publisher account: an
 * offer of another account is indistinguishable from a missing one.
 */
export interface OfferStore {
  createOffer(offer: {
    accountId: string;
    offerId: string;
    alias: string;
    createdAt: string;
    createdBy: string;
  }): Promise<CreateOfferResult>;
  getDraft(accountId: string, offerId: string): Promise<OfferDraft | undefined>;
  /**
   * One section of an offer. When `expectedEtag` is given and the store already holds that very
   * version (an ETag names one immutable version), it may answer without a database read.
   */
  getSection(
    accountId: string,
    offerId: string,
    section: SectionName,
    expectedEtag?: string,
  ): Promise<SectionSnapshot | undefined>;
  listOffers(
    accountId: string,
    filter: { state?: OfferState },
    page: PageRequest,
  ): Promise<Page<OfferRecord>>;
  /** Deletes the offer with everything it owns, when its record still has `expectedEtag`. */
  deleteOffer(
    accountId: string,
    offerId: string,
    expectedEtag: string,
  ): Promise<ConditionalResult<true>>;
  saveSection(
    accountId: string,
    offerId: string,
    section: SectionName,
    write: SectionWrite,
  ): Promise<ConditionalResult<SectionRecord>>;
  listSectionHistory(
    accountId: string,
    offerId: string,
    section: SectionName,
    page: PageRequest,
  ): Promise<Page<SectionHistoryEntry> | undefined>;
}
