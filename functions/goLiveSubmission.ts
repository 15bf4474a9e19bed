import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { jsonResponse } from '../app/http/jsonResponse';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { registerTestDrivePools } from '../app/testdrive/testDrivePools';
import { goLiveEvent } from '../domain/publishing/pipelineEvents';
import { PublishingError } from '../domain/publishing/PublishingError';
import { recordSubmissionEvent } from '../domain/publishing/recordSubmissionEvent';
import { submissionView } from '../domain/publishing/submissionView';

/**
 * POST /api/offers/{offerId}/submissions/{submissionId}/go-live: the publisher approves the
 * preview. The decision is recorded first (preview -> publishing, conditional, so it races a
 * cancel safely), then the orchestration is told. 202; 409 unless the submission is in preview.
 */
export async function goLiveSubmission(request: HttpRequest, publisher: Publisher, context: InvocationContext): Promise<HttpResponseInit> {
  const ref = { accountId: publisher.accountId, offerId: request.params.offerId ?? '', submissionId: request.params.submissionId ?? '' };
  const { submissions } = await getPublishingServices();
  const result = await recordSubmissionEvent(submissions, ref, 'goLive', { type: 'goLive', by: publisher.userId }, publisher.userId, () => new Date());
  if (!result.applied && !result.alreadyApplied) {
    throw new PublishingError('invalidState', `Go-live needs a submission in preview; this one is ${result.submission.state}.`);
  }
  const client = df.getClient(context);
  // ARM hot pools of the version are kept filled by this app's task hub from now on (idempotent).
  await registerTestDrivePools(ref, client.taskHubName, new Date());
  await client.raiseEvent(ref.submissionId, goLiveEvent, { by: publisher.userId });
  return jsonResponse(202, submissionView(result.submission));
}

app.http('goLiveSubmission', {
  route: 'offers/{offerId}/submissions/{submissionId}/go-live',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withPublisher(goLiveSubmission),
});
