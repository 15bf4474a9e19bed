import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { jsonResponse } from '../app/http/jsonResponse';
import { representationEtag } from '../app/http/representationEtag';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { reviewOffer } from '../domain/authoring/reviewOffer';

/** GET /api/offers/{offerId}/review: every section's status with its failing fields. */
export async function getOfferReview(
  request: HttpRequest,
  publisher: Publisher,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const draft = await getOfferDraft(await getOfferStore(), publisher, request.params.offerId ?? '');
  const review = reviewOffer(draft);
  return jsonResponse(200, review, { etag: representationEtag(review) });
}

app.http('getOfferReview', {
  route: 'offers/{offerId}/review',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(getOfferReview),
});
