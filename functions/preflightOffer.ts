import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { jsonResponse } from '../app/http/jsonResponse';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { domainDraft } from '../domain/authoring/sectionRules';
import { preflightChecks } from '../domain/publishing/preflightChecks';

/**
 * POST /api/offers/{offerId}/preflight: runs, now, every check certification's automated stage
 * runs on the current draft and answers 200 with the outcome (passed, issues, notes), so a
 * publisher learns everything before submitting.
 */
export async function preflightOffer(request: HttpRequest, publisher: Publisher, _context: InvocationContext): Promise<HttpResponseInit> {
  const draft = await getOfferDraft(await getOfferStore(), publisher, request.params.offerId ?? '');
  return jsonResponse(200, { offerId: draft.offer.offerId, ...preflightChecks(domainDraft(draft), new Date()) });
}

app.http('preflightOffer', {
  route: 'offers/{offerId}/preflight',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: withPublisher(preflightOffer),
});
