import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withAssetUrls } from '../app/assets/withAssetUrls';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { withErrorHandling } from '../app/http/withErrorHandling';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { listingLogoIds } from '../domain/assets/listingAssetIds';
import { marketCodes } from '../domain/data/markets';
import { customerView } from '../domain/publishing/storefrontListing';

/**
 * GET /api/storefront/offers[?market=us]: live offers (customers, no token), sold in the market
 * when given. Each item carries read URLs of its logos only (`assetUrls`, `assetUrlsExpireAt`);
 * the other images and documents come with the single offer.
 */
export async function listStorefrontOffers(
  request: HttpRequest,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const market = request.query.get('market') ?? undefined;
  if (market !== undefined && !(marketCodes as readonly string[]).includes(market)) {
    throw new AppError('invalidQuery', `market must be a market code of the fixed list.`, [
      { pointer: '/market', code: 'notInList', message: `Unknown market ${market}` },
    ]);
  }
  const listings = await (await getPublishingServices()).storefront.listLive(market, 100);
  const items = await Promise.all(
    listings.map((listing) => {
      const view = customerView(listing);
      return withAssetUrls(listing.accountId, view, listingLogoIds(view));
    }),
  );
  return jsonResponse(200, { items });
}

app.http('listStorefrontOffers', {
  route: 'storefront/offers',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withErrorHandling(listStorefrontOffers),
});
