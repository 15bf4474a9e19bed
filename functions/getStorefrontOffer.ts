import { timingSafeEqual } from 'node:crypto';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withAssetUrls } from '../app/assets/withAssetUrls';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { withErrorHandling } from '../app/http/withErrorHandling';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { customerView } from '../domain/publishing/storefrontListing';

/**
 * GET /api/storefront/offers/{listingId}[?hideKey=]: the live version of an offer; with the
 * right hide key, its preview instead (while one exists). Drafts are never visible; a wrong hide
 * key gives the live version, or 404 when there is none (it reveals nothing about the preview).
 */
export async function getStorefrontOffer(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const listingId = request.params.listingId ?? '';
  const { storefront } = await getPublishingServices();
  const hideKey = request.query.get('hideKey');
  if (hideKey) {
    const preview = await storefront.get(listingId, 'preview');
    if (preview?.hideKey && sameKey(preview.hideKey, hideKey)) {
      return jsonResponse(200, await withAssetUrls(preview.accountId, customerView(preview)));
    }
  }
  const live = await storefront.get(listingId, 'live');
  if (!live) throw new AppError('notFound', `There is no live offer ${listingId}.`);
  return jsonResponse(200, await withAssetUrls(live.accountId, customerView(live)));
}

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

app.http('getStorefrontOffer', {
  route: 'storefront/offers/{listingId}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withErrorHandling(getStorefrontOffer),
});
