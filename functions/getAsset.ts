import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getAssetServices } from '../app/assets/getAssetServices';
import { withAssetErrors } from '../app/assets/toAssetAppError';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { jsonResponse } from '../app/http/jsonResponse';
import { getAssetView } from '../domain/assets/getAssetView';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';

/** GET /api/offers/{offerId}/assets/{assetId} -> the asset's metadata and a short-lived read URL. */
export async function getAsset(
  request: HttpRequest,
  publisher: Publisher,
): Promise<HttpResponseInit> {
  await getOfferDraft(await getOfferStore(), publisher, request.params.offerId ?? '');
  const { repository, blobs } = await getAssetServices();
  const view = await withAssetErrors(() =>
    getAssetView(repository, blobs, publisher, request.params.assetId ?? ''),
  );
  return jsonResponse(200, view);
}

app.http('getAsset', {
  route: 'offers/{offerId}/assets/{assetId}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(getAsset),
});
