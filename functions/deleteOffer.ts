import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { requireIfMatch } from '../app/http/requireIfMatch';
import { deleteDraftOffer } from '../domain/authoring/deleteDraftOffer';

/** DELETE /api/offers/{offerId} (If-Match required): deletes an offer that was never published. */
export async function deleteOffer(
  request: HttpRequest,
  publisher: Publisher,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const ifMatch = requireIfMatch(request);
  await deleteDraftOffer(await getOfferStore(), publisher, request.params.offerId ?? '', ifMatch);
  return { status: 204 };
}

app.http('deleteOffer', {
  route: 'offers/{offerId}',
  methods: ['DELETE'],
  authLevel: 'anonymous',
  handler: withPublisher(deleteOffer),
});
