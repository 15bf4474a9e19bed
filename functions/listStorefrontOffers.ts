import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { withErrorHandling } from '../app/http/withErrorHandling';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { marketCodes } from '../domain/data/markets';
import { customerView } from '../domain/publishing/storefrontListing';

/** GET /api/storefront/offers[?market=us]: live offers (customers, no token), sold in the market when given. */
export async function listStorefrontOffers(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const market = request.query.get('market') ?? undefined;
  if (market !== undefined && !(marketCodes as readonly string[]).includes(market)) {
    throw new AppError('invalidQuery', `market must be a market code of the fixed list.`, [
      { pointer: '/market', code: 'notInList', message: `Unknown market ${market}` },
    ]);
  }
  const listings = await (await getPublishingServices()).storefront.listLive(market, 100);
  return jsonResponse(200, { items: listings.map(customerView) });
}

app.http('listStorefrontOffers', {
  route: 'storefront/offers',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withErrorHandling(listStorefrontOffers),
});
