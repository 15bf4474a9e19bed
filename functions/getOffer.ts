import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { jsonResponse } from '../app/http/jsonResponse';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { httpEtag } from '../domain/authoring/sameEtag';
import { summarizeOffer } from '../domain/authoring/summarizeOffer';

/** GET /api/offers/{offerId}: the draft summary, each section's status, the live version if any. */
export async function getOffer(
  request: HttpRequest,
  publisher: Publisher,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const draft = await getOfferDraft(await getOfferStore(), publisher, request.params.offerId ?? '');
  return jsonResponse(200, summarizeOffer(draft), { etag: httpEtag(draft.offer.etag) });
}

app.http('getOffer', {
  route: 'offers/{offerId}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(getOffer),
});
