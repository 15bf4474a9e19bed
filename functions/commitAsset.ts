import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getAssetServices } from '../app/assets/getAssetServices';
import { withAssetErrors } from '../app/assets/toAssetAppError';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { getConfig } from '../app/config';
import { jsonResponse } from '../app/http/jsonResponse';
import { readJsonBody } from '../app/http/readJsonBody';
import { commitUpload } from '../domain/assets/commitUpload';
import { toAssetView } from '../domain/assets/getAssetView';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';

/**
 * POST /api/offers/{offerId}/assets `{ "uploadId": "..." }` -> 201 with the committed asset
 * (id = SHA-256, kind, slot, size, pixel size). A file that fails its slot's checks is deleted
 * and answered 400 with one issue at `/file` saying exactly what is wrong.
 */
export async function commitAsset(
  request: HttpRequest,
  publisher: Publisher,
): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const body = await readJsonBody(request, getConfig().HTTP_MAX_BODY_BYTES);
  await getOfferDraft(await getOfferStore(), publisher, offerId);
  const { repository, blobs } = await getAssetServices();
  const uploadId =
    body !== null && typeof body === 'object' ? (body as { uploadId?: unknown }).uploadId : undefined;
  const asset = await withAssetErrors(() =>
    commitUpload(repository, blobs, publisher, offerId, uploadId, new Date()),
  );
  const { url, expiresOn } = await blobs.assetReadUrl(publisher.accountId, asset.sha256);
  return jsonResponse(201, toAssetView(asset, url, expiresOn), {
    location: `/api/offers/${encodeURIComponent(offerId)}/assets/${asset.assetId}`,
  });
}

app.http('commitAsset', {
  route: 'offers/{offerId}/assets',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: withPublisher(commitAsset),
});
