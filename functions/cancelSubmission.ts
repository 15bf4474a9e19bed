import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { jsonResponse } from '../app/http/jsonResponse';
import { appLog } from '../app/telemetry/log';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { cancelEvent } from '../domain/publishing/pipelineEvents';
import { PublishingError } from '../domain/publishing/PublishingError';
import { recordSubmissionEvent } from '../domain/publishing/recordSubmissionEvent';
import { submissionView } from '../domain/publishing/submissionView';

/**
 * POST /api/offers/{offerId}/submissions/{submissionId}/cancel: ends a submission before it is
 * live. The state is recorded first (so whatever the orchestration is doing, its next step finds
 * the submission cancelled and stops), then the orchestration is told, which ends its wait. The
 * live version is never touched. 200; 409 once Go-live was selected or the submission ended.
 */
export async function cancelSubmission(request: HttpRequest, publisher: Publisher, context: InvocationContext): Promise<HttpResponseInit> {
  const ref = { accountId: publisher.accountId, offerId: request.params.offerId ?? '', submissionId: request.params.submissionId ?? '' };
  const { submissions } = await getPublishingServices();
  const result = await recordSubmissionEvent(submissions, ref, 'cancel', { type: 'cancel', by: publisher.userId }, publisher.userId, () => new Date());
  if (!result.applied && !result.alreadyApplied) {
    throw new PublishingError('invalidState', `A submission in state ${result.submission.state} cannot be cancelled.`);
  }
  try {
    await df.getClient(context).raiseEvent(ref.submissionId, cancelEvent, { by: publisher.userId });
  } catch (err) {
    // The orchestration may have ended already (e.g. it found the cancellation itself): the state is what counts.
    appLog(context).warn('cancel event not delivered', { error: err });
  }
  return jsonResponse(200, submissionView(result.submission));
}

app.http('cancelSubmission', {
  route: 'offers/{offerId}/submissions/{submissionId}/cancel',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withPublisher(cancelSubmission),
});
