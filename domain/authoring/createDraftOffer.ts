import { toFieldIssues } from '../errors';
import { createOfferSchema } from '../offer/createOffer';
import type { Actor } from './Actor';
import { AuthoringError } from './AuthoringError';
import type { OfferDraft, OfferStore } from './offerStore';
import { markServerOwnedFields } from './serverOwnedFields';

/**
 * Creates an offer in the actor's account with every section not started. The offer id must be
 * free in the account (ids of other accounts do not matter).
 */
export async function createDraftOffer(
  store: OfferStore,
  actor: Actor,
  body: unknown,
  now: Date,
): Promise<OfferDraft> {
  const parsed = createOfferSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const issues = markServerOwnedFields(toFieldIssues(parsed.error.issues), new Set(['offerId']));
    throw new AuthoringError('invalid', 'The offer cannot be created as sent.', issues);
  }
  const result = await store.createOffer({
    accountId: actor.accountId,
    offerId: parsed.data.offerId,
    alias: parsed.data.alias,
    createdAt: now.toISOString(),
    createdBy: actor.userId,
  });
  if ('taken' in result) {
    throw new AuthoringError('offerIdTaken', `The offer id ${parsed.data.offerId} is already used in this account.`, [
      { pointer: '/offerId', code: 'taken', message: `offerId ${parsed.data.offerId} is already used in this account` },
    ]);
  }
  return result.created;
}
