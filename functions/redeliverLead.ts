import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { startLeadDelivery } from '../app/leads/startLeadDelivery';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { leadView } from '../domain/leads/Lead';

/**
 * POST /api/offers/{offerId}/leads/{leadId}/redeliver: replays a lead to the offer's destination
 * (a new delivery round with the full retry schedule, using the destination configured now).
 * 202; 409 while a round is still pending.
 */
export async function redeliverLead(request: HttpRequest, publisher: Publisher, context: InvocationContext): Promise<HttpResponseInit> {
  const listingId = `${publisher.accountId}.${request.params.offerId ?? ''}`;
  const { leads } = await getTestDriveServices();
  const lead = await leads.get(listingId, request.params.leadId ?? '');
  if (!lead) throw new AppError('notFound', 'There is no such lead.');
  if (lead.status === 'pending') throw new AppError('leadDeliveryInProgress', 'This lead is still being delivered; replay it once its delivery has ended.');
  const next = await leads.update(listingId, lead.leadId, (l) => ({ ...l, status: 'pending', round: l.round + 1 }));
  await startLeadDelivery(df.getClient(context), next);
  return jsonResponse(202, leadView(next));
}

app.http('redeliverLead', {
  route: 'offers/{offerId}/leads/{leadId}/redeliver',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withPublisher(redeliverLead),
});
