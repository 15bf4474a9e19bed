import { randomUUID } from 'node:crypto';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { SignedInCustomer } from '../app/auth/customerAuthenticator';
import { withCustomer } from '../app/auth/withCustomer';
import { getConfig } from '../app/config';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { readJsonBody } from '../app/http/readJsonBody';
import { contactRequestLeadId } from '../app/leads/contactRequestLeadId';
import { startLeadDelivery } from '../app/leads/startLeadDelivery';
import { withIdempotencyKey } from '../app/publishing/withIdempotencyKey';
import { enforceQuotas } from '../app/testdrive/enforceQuotas';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { findPublishedOffer } from '../app/testdrive/publishedOffer';
import { contactRequestSchema } from '../domain/leads/contactRequest';
import type { Lead } from '../domain/leads/Lead';
import { parseWith } from '../domain/offer/parseWith';

/**
 * POST /api/storefront/offers/{listingId}/contact-requests[?hideKey=]: "Contact me". The signed-in
 * customer gives name, e-mail (must be the token's), company and consent (must be true); the lead
 * is stored first, then delivered to the offer's destination by the deliverLead orchestration.
 * 202 with the lead id; 429 quotaExceeded (Retry-After) above the contact request quotas.
 *
 * Safe to retry with an `Idempotency-Key` header (scoped to the customer and the offer): the same
 * key and body answer the first response (`Idempotency-Replayed: true`) before any quota is
 * counted; another body is 422, a retry while the first is running 409. Without the header every
 * request is a new lead: nothing is derived from the body, since two identical requests may be
 * meant as two.
 */
export async function createContactRequest(request: HttpRequest, customer: SignedInCustomer, context: InvocationContext): Promise<HttpResponseInit> {
  const raw = await readJsonBody(request, getConfig().HTTP_MAX_BODY_BYTES);
  const listingId = request.params.listingId ?? '';
  // The key's partition is the customer's own (never a publisher account's), its operation names the offer.
  const scope = { accountId: `customer:${customer.customerId}` };
  return withIdempotencyKey(request, scope, `contactRequest:${listingId}`, raw, () =>
    contactRequest(request, customer, context, raw, listingId, request.headers.get('idempotency-key')),
  );
}

async function contactRequest(
  request: HttpRequest,
  customer: SignedInCustomer,
  context: InvocationContext,
  raw: unknown,
  listingId: string,
  idempotencyKey: string | null,
): Promise<HttpResponseInit> {
  const parsed = parseWith(contactRequestSchema, raw);
  if (!parsed.ok) throw new AppError('validationFailed', undefined, parsed.issues);
  const body = parsed.value;
  if (body.email.toLowerCase() !== customer.email) {
    throw new AppError('validationFailed', undefined, [{ pointer: '/email', code: 'invalid', message: 'email must be the address you are signed in with' }]);
  }
  const offer = await findPublishedOffer(listingId, request.query.get('hideKey'));
  if (!offer) throw new AppError('notFound', 'There is no such offer you can see.');
  const client = df.getClient(context);
  const { leads } = await getTestDriveServices();
  const leadId = idempotencyKey === null ? randomUUID() : contactRequestLeadId(customer.customerId, offer.listingId, idempotencyKey);
  if (idempotencyKey !== null) {
    // An earlier attempt of this request stored the lead but did not store its answer (its host
    // stopped, or its delivery start failed): finish that one; it was counted when it was stored.
    const earlier = await leads.get(offer.listingId, leadId);
    if (earlier) {
      await startLeadDelivery(client, earlier);
      return jsonResponse(202, { leadId, status: 'received' });
    }
  }
  // Paid work (a lead e-mail to the publisher, a CRM delivery): per customer and per offer quotas.
  const quota = await enforceQuotas('contactRequests', { customerId: customer.customerId, listingId: offer.listingId }, Date.now());
  const lead: Lead = {
    leadId,
    listingId: offer.listingId,
    accountId: offer.accountId,
    publisherId: offer.accountId,
    offerId: offer.offerId,
    offerTitle: offer.offerTitle,
    source: 'AppSource (SPZA)',
    action: 'PLT',
    customer: {
      firstName: body.firstName,
      lastName: body.lastName,
      email: customer.email,
      company: body.company,
      ...(body.phone ? { phone: body.phone } : {}),
      ...(body.country ? { country: body.country } : {}),
      ...(body.title ? { title: body.title } : {}),
    },
    ...(body.message ? { description: body.message } : {}),
    createdAt: new Date().toISOString(),
    origin: 'contactRequest',
    customerId: customer.customerId,
    submissionId: offer.submissionId,
    consent: body.consent,
    status: 'pending',
    attempts: [],
    round: 1,
    taskHub: client.taskHubName,
  };
  let stored: Lead;
  try {
    stored = await leads.create(lead);
  } catch (err) {
    await quota.refund();
    throw err;
  }
  // Stored concurrently by another attempt of the same keyed request: counted once, by that one.
  if (stored !== lead) await quota.refund();
  // Cut short here (a host stopped), the stored lead is still delivered: resumeLeadDeliveries.
  await startLeadDelivery(client, stored);
  return jsonResponse(202, { leadId: stored.leadId, status: 'received' });
}

app.http('createContactRequest', {
  route: 'storefront/offers/{listingId}/contact-requests',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withCustomer(createContactRequest),
});
