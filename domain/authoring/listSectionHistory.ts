import type { SectionName } from '../offer/sectionNames';
import type { Actor } from './Actor';
import { offerNotFound } from './getOfferDraft';
import type { OfferStore, Page, PageRequest, SectionHistoryEntry } from './offerStore';

/** The saves of a section, newest first, a page at a time. */
export async function listSectionHistory(
  store: OfferStore,
  actor: Actor,
  offerId: string,
  section: SectionName,
  page: PageRequest,
): Promise<Page<SectionHistoryEntry>> {
  const history = await store.listSectionHistory(actor.accountId, offerId, section, page);
  if (history === undefined) throw offerNotFound(offerId);
  return history;
}
