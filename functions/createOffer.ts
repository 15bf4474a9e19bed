import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { getConfig } from '../app/config';
import { jsonResponse } from '../app/http/jsonResponse';
import { readJsonBody } from '../app/http/readJsonBody';
import { createDraftOffer } from '../domain/authoring/createDraftOffer';
import { httpEtag } from '../domain/authoring/sameEtag';
import { summarizeOffer } from '../domain/authoring/summarizeOffer';

/** POST /api/offers: creates an offer (`offerId`, `alias`) with every section not started. */
export async function createOffer(
  request: HttpRequest,
  publisher: Publisher,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const body = await readJsonBody(request, getConfig().HTTP_MAX_BODY_BYTES);
  const draft = await createDraftOffer(await getOfferStore(), publisher, body, new Date());
  return jsonResponse(201, summarizeOffer(draft), {
    etag: httpEtag(draft.offer.etag),
    location: `/api/offers/${encodeURIComponent(draft.offer.offerId)}`,
  });
}

app.http('createOffer', {
  route: 'offers',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: withPublisher(createOffer),
});
