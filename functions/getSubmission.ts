import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { jsonResponse } from '../app/http/jsonResponse';
import { representationEtag } from '../app/http/representationEtag';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { PublishingError } from '../domain/publishing/PublishingError';
import { submissionView } from '../domain/publishing/submissionView';

/** GET /api/offers/{offerId}/submissions/{submissionId}: state, timeline, report, who did what. */
export async function getSubmission(request: HttpRequest, publisher: Publisher, _context: InvocationContext): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const submissionId = request.params.submissionId ?? '';
  const s = await (await getPublishingServices()).submissions.get(publisher.accountId, offerId, submissionId);
  if (!s) throw new PublishingError('notFound', `There is no submission ${submissionId} of offer ${offerId} in this account.`);
  const body = submissionView(s);
  return jsonResponse(200, body, { etag: representationEtag(body) });
}

app.http('getSubmission', {
  route: 'offers/{offerId}/submissions/{submissionId}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(getSubmission),
});
