import type { SectionName } from '../../domain/offer/sectionNames';
import type { LiveVersion, OfferState } from '../../domain/authoring/offerStore';

/**
 * Documents of the `offers` container (partition key `/accountId`). One logical partition holds
 * everything a publisher account authors, so an offer, its sections and their history are written
 * together in one transactional batch, and listing an account's offers is a single-partition query.
 *
 * - one `offer` document per offer (id `offer:<offerId>`): identity, alias, state, live version;
 * - one `section` document per section (id `section:<offerId>:<section>`), each with its own ETag,
 *   so publishers editing different sections never conflict and edits of the same section are
 *   serialised by If-Match;
 * - one `sectionHistory` document per save (id `history:<offerId>:<incarnation>:<section>:<revision>`),
 *   created in the same batch as the section replace, so a save and its history entry stand or
 *   fall together.
 *
 * `incarnation` is a fresh id per creation of an offer id: documents a deletion could not clean
 * up never leak into an offer later created with the same id.
 */
export const offerDocumentSchemaVersion = 1;

interface AccountDocument {
  id: string;
  accountId: string;
  offerId: string;
  schemaVersion: number;
  incarnation: string;
  _etag?: string;
}

export interface OfferDocument extends AccountDocument {
  type: 'offer';
  alias: string;
  state: OfferState;
  createdAt: string;
  createdBy: string;
  everPublished: boolean;
  live: LiveVersion | null;
}

export interface SectionDocument extends AccountDocument {
  type: 'section';
  section: SectionName;
  /** The offer's alias, copied (it is immutable) so a section's status needs no other read. */
  alias: string;
  value: Record<string, unknown> | null;
  revision: number;
  updatedAt: string | null;
  updatedBy: string | null;
  /** JSON pointer -> id of the current `sectionSecret` document in `offerSecrets`. */
  secretRefs: Record<string, string>;
}

export interface SectionHistoryDocument extends AccountDocument {
  type: 'sectionHistory';
  section: SectionName;
  revision: number;
  savedAt: string;
  savedBy: string;
  changedFields: string[];
  value: Record<string, unknown>;
}

/**
 * A sealed secret in the `offerSecrets` container (partition key `/accountId`), never in the same
 * document or container as the section. Each save of a secret creates a new document; the section
 * names the current one, so a save refused with 412 never replaces a stored secret.
 */
export interface SectionSecretDocument extends AccountDocument {
  type: 'sectionSecret';
  section: SectionName;
  pointer: string;
  sealed: string;
  createdAt: string;
}

export const offerDocumentId = (offerId: string): string => `offer:${offerId}`;
export const sectionDocumentId = (offerId: string, section: SectionName): string =>
  `section:${offerId}:${section}`;
export const historyDocumentId = (
  offerId: string,
  incarnation: string,
  section: SectionName,
  revision: number,
): string => `history:${offerId}:${incarnation}:${section}:${String(revision).padStart(9, '0')}`;
