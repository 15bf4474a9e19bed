import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { jsonResponse } from '../app/http/jsonResponse';
import { readSectionParam } from '../app/http/readSectionParam';
import { getOfferDraft, offerNotFound } from '../domain/authoring/getOfferDraft';
import { httpEtag } from '../domain/authoring/sameEtag';
import { sectionView } from '../domain/authoring/views';

/** GET /api/offers/{offerId}/sections/{section}: the stored value (secrets as markers) and status. */
export async function getSection(
  request: HttpRequest,
  publisher: Publisher,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const section = readSectionParam(request);
  const offerId = request.params.offerId ?? '';
  const draft = await getOfferDraft(await getOfferStore(), publisher, offerId);
  const record = draft.sections.get(section);
  if (record === undefined) throw offerNotFound(offerId);
  return jsonResponse(200, sectionView(draft, record), { etag: httpEtag(record.etag) });
}

app.http('getSection', {
  route: 'offers/{offerId}/sections/{section}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(getSection),
});
