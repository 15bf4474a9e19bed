import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getAssetServices } from '../app/assets/getAssetServices';
import { withAssetErrors } from '../app/assets/toAssetAppError';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { toAssetView } from '../domain/assets/getAssetView';
import { DIRECT_UPLOAD_MAX_BYTES, uploadDirect } from '../domain/assets/uploadDirect';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';

/**
 * PUT /api/offers/{offerId}/assets/direct/{slot} with the file as the body (any Content-Type:
 * the content decides) -> 201 with the committed asset. For small files (logos, thumbnails, short
 * PDFs), up to 4 MiB; larger files use the SAS upload.
 */
export async function uploadAsset(
  request: HttpRequest,
  publisher: Publisher,
): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > DIRECT_UPLOAD_MAX_BYTES) throw tooLarge();
  await getOfferDraft(await getOfferStore(), publisher, offerId);
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > DIRECT_UPLOAD_MAX_BYTES) throw tooLarge();
  const { repository, blobs } = await getAssetServices();
  const asset = await withAssetErrors(() =>
    uploadDirect(repository, blobs, publisher, offerId, request.params.slot, bytes, new Date()),
  );
  const { url, expiresOn } = await blobs.assetReadUrl(publisher.accountId, asset.sha256);
  return jsonResponse(201, toAssetView(asset, url, expiresOn), {
    location: `/api/offers/${encodeURIComponent(offerId)}/assets/${asset.assetId}`,
  });
}

function tooLarge(): AppError {
  return new AppError(
    'payloadTooLarge',
    `The direct upload takes at most ${DIRECT_UPLOAD_MAX_BYTES} bytes; use POST .../assets/uploads for larger files.`,
  );
}

app.http('uploadAsset', {
  route: 'offers/{offerId}/assets/direct/{slot}',
  methods: ['PUT'],
  authLevel: 'anonymous',
  handler: withPublisher(uploadAsset),
});
