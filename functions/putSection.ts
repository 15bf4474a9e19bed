import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { getConfig } from '../app/config';
import { jsonResponse } from '../app/http/jsonResponse';
import { readJsonBody } from '../app/http/readJsonBody';
import { readSectionParam } from '../app/http/readSectionParam';
import { requireIfMatch } from '../app/http/requireIfMatch';
import { httpEtag } from '../domain/authoring/sameEtag';
import { saveSection } from '../domain/authoring/saveSection';
import { getAssetServices } from '../app/assets/getAssetServices';
import { checkAssetReferences } from '../domain/assets/checkAssetReferences';

/**
 * PUT /api/offers/{offerId}/sections/{section} (If-Match required): replaces the section with the
 * body. Incomplete values are saved (the status lists what is missing); malformed ones get 400.
 */
export async function putSection(
  request: HttpRequest,
  publisher: Publisher,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const section = readSectionParam(request);
  const ifMatch = requireIfMatch(request);
  const body = await readJsonBody(request, getConfig().HTTP_MAX_BODY_BYTES);
  const saved = await saveSection(
    await getOfferStore(),
    publisher,
    request.params.offerId ?? '',
    section,
    body,
    ifMatch,
    new Date(),
    async (refs) => checkAssetReferences((await getAssetServices()).repository, publisher.accountId, refs),
  );
  return jsonResponse(200, saved.view, { etag: httpEtag(saved.etag) });
}

app.http('putSection', {
  route: 'offers/{offerId}/sections/{section}',
  methods: ['PUT'],
  authLevel: 'anonymous',
  handler: withPublisher(putSection),
});
