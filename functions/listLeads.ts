import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { jsonResponse } from '../app/http/jsonResponse';
import { readPageRequest } from '../app/http/readPageRequest';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { leadView } from '../domain/leads/Lead';

/**
 * GET /api/offers/{offerId}/leads[?status=&pageSize=&continuationToken=]: the publisher's leads of
 * one offer, newest first, each with its delivery status, last error and attempt log.
 */
export async function listLeads(request: HttpRequest, publisher: Publisher): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  // 404 for an offer the account does not have, as for every other offer resource.
  await getOfferDraft(await getOfferStore(), publisher, offerId);
  const listingId = `${publisher.accountId}.${offerId}`;
  const page = readPageRequest(request);
  const { leads } = await getTestDriveServices();
  const result = await leads.list(listingId, {
    pageSize: page.pageSize,
    ...(page.continuationToken ? { continuationToken: Buffer.from(page.continuationToken, 'base64url').toString('utf8') } : {}),
  });
  const status = request.query.get('status');
  const items = result.items.filter((l) => status === null || l.status === status).map(leadView);
  return jsonResponse(200, {
    items,
    ...(result.continuationToken ? { continuationToken: Buffer.from(result.continuationToken, 'utf8').toString('base64url') } : {}),
  });
}

app.http('listLeads', {
  route: 'offers/{offerId}/leads',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(listLeads),
});
