import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { jsonResponse } from '../app/http/jsonResponse';
import { representationEtag } from '../app/http/representationEtag';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { submissionView } from '../domain/publishing/submissionView';

/** GET /api/offers/{offerId}/submissions: every submission of the offer with its timeline, newest first. */
export async function listSubmissions(request: HttpRequest, publisher: Publisher, _context: InvocationContext): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  await getOfferDraft(await getOfferStore(), publisher, offerId); // 404 for another account's offer
  const items = (await (await getPublishingServices()).submissions.list(publisher.accountId, offerId)).map(submissionView);
  const body = { items };
  return jsonResponse(200, body, { etag: representationEtag(body) });
}

app.http('listSubmissions', {
  route: 'offers/{offerId}/submissions',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(listSubmissions),
});
