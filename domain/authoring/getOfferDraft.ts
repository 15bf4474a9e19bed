import type { Actor } from './Actor';
import { AuthoringError } from './AuthoringError';
import type { OfferDraft, OfferStore } from './offerStore';

/** The actor's offer with every section; `notFound` for a missing offer and another account's alike. */
export async function getOfferDraft(store: OfferStore, actor: Actor, offerId: string): Promise<OfferDraft> {
  const draft = await store.getDraft(actor.accountId, offerId);
  if (draft === undefined) throw offerNotFound(offerId);
  return draft;
}

export function offerNotFound(offerId: string): AuthoringError {
  return new AuthoringError('notFound', `There is no offer ${offerId} in this account.`);
}
