import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { randomUUID } from 'node:crypto';
import { ExternalServiceError } from '../adapters/net/ExternalServiceError';
import { UnsafeUrlError } from '../adapters/net/safeUrl';
import { getOfferStore } from '../app/authoring/getOfferStore';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { leadSinkFor } from '../app/leads/leadSinkFor';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { testLead } from '../domain/leads/testLead';

/**
 * POST /api/offers/{offerId}/leads/test: sends one test lead (every value MSFT_TEST, as Partner
 * Center's Validate) to the lead destination of the offer's draft, with the secrets stored now,
 * and answers with the outcome: `200 {delivered: true, destination, leadId, reference?}` or
 * `200 {delivered: false, destination, leadId, error, retryable}` (the check ran; the
 * destination refused). The draft is used because a publisher checks a connection while editing
 * it, before it goes live. Nothing is stored or retried; `409 leadDestinationMissing` when the
 * draft has no destination (`none` or not set).
 */
export async function sendTestLead(request: HttpRequest, publisher: Publisher): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const draft = await getOfferDraft(await getOfferStore(), publisher, offerId);
  const setup = draft.sections.get('setup')?.value ?? {};
  const title = draft.sections.get('listing')?.value?.title;
  const leadId = `test-${randomUUID()}`;
  const lead = testLead({
    leadId,
    publisherId: publisher.accountId,
    offerId,
    offerTitle: typeof title === 'string' ? title : offerId,
    now: new Date(),
  });
  let destination: string = 'none';
  try {
    const built = await leadSinkFor(publisher.accountId, offerId, setup);
    destination = built.destination;
    if (!built.sink)
      throw new AppError(
        'leadDestinationMissing',
        'The offer has no lead destination to test; set leadManagement in the setup section.',
      );
    const receipt = await built.sink.deliver(lead);
    return jsonResponse(200, {
      delivered: true,
      destination,
      leadId,
      ...(receipt.reference ? { reference: receipt.reference } : {}),
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    const retryable = err instanceof ExternalServiceError ? err.retryable : !(err instanceof UnsafeUrlError);
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    return jsonResponse(200, { delivered: false, destination, leadId, error, retryable });
  }
}

app.http('sendTestLead', {
  route: 'offers/{offerId}/leads/test',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: withPublisher(sendTestLead),
});
