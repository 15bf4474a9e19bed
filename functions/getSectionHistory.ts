import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { jsonResponse } from '../app/http/jsonResponse';
import { readPageRequest } from '../app/http/readPageRequest';
import { readSectionParam } from '../app/http/readSectionParam';
import { representationEtag } from '../app/http/representationEtag';
import { listSectionHistory } from '../domain/authoring/listSectionHistory';

/** GET /api/offers/{offerId}/sections/{section}/history: every save, newest first, paged. */
export async function getSectionHistory(
  request: HttpRequest,
  publisher: Publisher,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const section = readSectionParam(request);
  const page = readPageRequest(request);
  const history = await listSectionHistory(
    await getOfferStore(),
    publisher,
    request.params.offerId ?? '',
    section,
    page,
  );
  const body = {
    items: history.items,
    ...(history.continuationToken === undefined ? {} : { continuationToken: history.continuationToken }),
  };
  return jsonResponse(200, body, { etag: representationEtag(body) });
}

app.http('getSectionHistory', {
  route: 'offers/{offerId}/sections/{section}/history',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(getSectionHistory),
});
