import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getAssetServices } from '../app/assets/getAssetServices';
import { withAssetErrors } from '../app/assets/toAssetAppError';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { getConfig } from '../app/config';
import { jsonResponse } from '../app/http/jsonResponse';
import { readJsonBody } from '../app/http/readJsonBody';
import { startUpload } from '../domain/assets/startUpload';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';

/**
 * POST /api/offers/{offerId}/assets/uploads `{ "slot": "screenshot" }` -> 201 with an upload id
 * and a write-only SAS URL, valid for minutes, to PUT the file to; then commit it with
 * POST /api/offers/{offerId}/assets.
 */
export async function startAssetUpload(
  request: HttpRequest,
  publisher: Publisher,
): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const body = await readJsonBody(request, getConfig().HTTP_MAX_BODY_BYTES);
  await getOfferDraft(await getOfferStore(), publisher, offerId);
  const { repository, blobs } = await getAssetServices();
  const slot = body !== null && typeof body === 'object' ? (body as { slot?: unknown }).slot : undefined;
  const started = await withAssetErrors(() =>
    startUpload(repository, blobs, publisher, offerId, slot, new Date()),
  );
  return jsonResponse(201, started);
}

app.http('startAssetUpload', {
  route: 'offers/{offerId}/assets/uploads',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: withPublisher(startAssetUpload),
});
