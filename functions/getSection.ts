import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { jsonResponse } from '../app/http/jsonResponse';
import { readSectionParam } from '../app/http/readSectionParam';
import { readSection } from '../domain/authoring/readSection';
import { httpEtag } from '../domain/authoring/sameEtag';

/** GET /api/offers/{offerId}/sections/{section}: the stored value (secrets as markers) and status. */
export async function getSection(
  request: HttpRequest,
  publisher: Publisher,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const section = readSectionParam(request);
  const read = await readSection(await getOfferStore(), publisher, request.params.offerId ?? '', section);
  return jsonResponse(200, read.view, { etag: httpEtag(read.etag) });
}

app.http('getSection', {
  route: 'offers/{offerId}/sections/{section}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(getSection),
});
