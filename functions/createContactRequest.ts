import { randomUUID } from 'node:crypto';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { SignedInCustomer } from '../app/auth/customerAuthenticator';
import { withCustomer } from '../app/auth/withCustomer';
import { getConfig } from '../app/config';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { readJsonBody } from '../app/http/readJsonBody';
import { startLeadDelivery } from '../app/leads/startLeadDelivery';
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
 */
export async function createContactRequest(request: HttpRequest, customer: SignedInCustomer, context: InvocationContext): Promise<HttpResponseInit> {
  const raw = await readJsonBody(request, getConfig().HTTP_MAX_BODY_BYTES);
  const parsed = parseWith(contactRequestSchema, raw);
  if (!parsed.ok) throw new AppError('validationFailed', undefined, parsed.issues);
  const body = parsed.value;
  if (body.email.toLowerCase() !== customer.email) {
    throw new AppError('validationFailed', undefined, [{ pointer: '/email', code: 'invalid', message: 'email must be the address you are signed in with' }]);
  }
  const offer = await findPublishedOffer(request.params.listingId ?? '', request.query.get('hideKey'));
  if (!offer) throw new AppError('notFound', 'There is no such offer you can see.');
  // Paid work (a lead e-mail to the publisher, a CRM delivery): per customer and per offer quotas.
  const quota = await enforceQuotas('contactRequests', { customerId: customer.customerId, listingId: offer.listingId }, Date.now());
  const client = df.getClient(context);
  const lead: Lead = {
    leadId: randomUUID(),
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
  const { leads } = await getTestDriveServices();
  try {
    await leads.create(lead);
  } catch (err) {
    await quota.refund();
    throw err;
  }
  // Cut short here (a host stopped), the stored lead is still delivered: resumeLeadDeliveries.
  await startLeadDelivery(client, lead);
  return jsonResponse(202, { leadId: lead.leadId, status: 'received' });
}

app.http('createContactRequest', {
  route: 'storefront/offers/{listingId}/contact-requests',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withCustomer(createContactRequest),
});
