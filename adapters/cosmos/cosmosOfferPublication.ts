import type { Container } from '@azure/cosmos';
import type { OfferState } from '../../domain/authoring/offerStore';
import { offerDocumentId, type OfferDocument } from './offerDocuments';

/**
 * The publishing workflow's writes to an offer's own record in `offers` (state, live version,
 * everPublished): a conditional replace of that one document (If-Match, re-read on 412), so a
 * concurrent change of the record is never overwritten. Section documents are separate, so
 * draft edits never conflict with it and are never touched by it.
 */
export class CosmosOfferPublication {
  constructor(private readonly offers: Container) {}

  async setState(
    accountId: string,
    offerId: string,
    change: { state: OfferState; live?: { submissionId: string; wentLiveAt: string } },
  ): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const item = this.offers.item(offerDocumentId(offerId), accountId);
      const { resource } = await item.read<OfferDocument>();
      if (!resource) return; // the offer was deleted meanwhile: nothing to mark
      // Never move a live offer back to preview: a new version's preview leaves the offer live.
      const state = resource.state === 'live' && change.state !== 'live' ? 'live' : change.state;
      const next: OfferDocument = {
        ...resource,
        state,
        everPublished: true,
        ...(change.live ? { live: change.live } : {}),
      };
      try {
        await item.replace(next, { accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } });
        return;
      } catch (err) {
        if ((err as { code?: number }).code !== 412) throw err;
      }
    }
    throw new Error(`Offer ${offerId}: too many concurrent writes`);
  }
}
