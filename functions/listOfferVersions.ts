import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { jsonResponse } from '../app/http/jsonResponse';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { offerVersions } from '../domain/publishing/offerVersions';

/**
 * GET /api/offers/{offerId}/versions: every version that was live, oldest first, the current
 * one marked. 404 for an offer the account does not have.
 */
export async function listOfferVersions(
  request: HttpRequest,
  publisher: Publisher,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const draft = await getOfferDraft(await getOfferStore(), publisher, offerId);
  const submissions = await (await getPublishingServices()).submissions.list(publisher.accountId, offerId);
  return jsonResponse(200, { offerId, items: offerVersions(submissions, draft.offer.live?.submissionId) });
}

app.http('listOfferVersions', {
  route: 'offers/{offerId}/versions',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(listOfferVersions),
});
