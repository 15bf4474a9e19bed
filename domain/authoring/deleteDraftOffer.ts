import type { Actor } from './Actor';
import { AuthoringError } from './AuthoringError';
import { getOfferDraft, offerNotFound } from './getOfferDraft';
import type { OfferStore } from './offerStore';
import { sameEtag } from './sameEtag';

/**
 * Deletes an offer that was never published, with its sections, history and secrets. The caller
 * names the version it read (If-Match): a concurrent change makes the delete stale.
 */
export async function deleteDraftOffer(
  store: OfferStore,
  actor: Actor,
  offerId: string,
  ifMatch: string,
): Promise<void> {
  const { offer } = await getOfferDraft(store, actor, offerId);
  if (!sameEtag(ifMatch, offer.etag)) throw staleOffer();
  if (offer.everPublished || offer.live !== null) {
    throw new AuthoringError('offerPublished', `Offer ${offerId} has been published and cannot be deleted.`);
  }
  const result = await store.deleteOffer(actor.accountId, offerId, offer.etag);
  if ('failed' in result) throw result.failed === 'stale' ? staleOffer() : offerNotFound(offerId);
}

function staleOffer(): AuthoringError {
  return new AuthoringError('stale', 'The offer changed since you read it; read it again.');
}
