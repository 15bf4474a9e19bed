import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { getConfig } from '../config';
import { jsonResponse } from '../http/jsonResponse';
import { getPublishingServices } from './getPublishingServices';
import { publishSubmissionOrchestrator, type PublishInput } from '../../domain/publishing/pipelineEvents';
import { PublishingError } from '../../domain/publishing/PublishingError';
import { recordSubmissionEvent } from '../../domain/publishing/recordSubmissionEvent';
import type { Submission } from '../../domain/publishing/Submission';
import { submissionView } from '../../domain/publishing/submissionView';

/**
 * Stores a new submission as the offer's one in flight and starts its publish orchestration
 * (instance id = submission id). 202 with the submission and its status URL: our own resource,
 * scoped to the account, never the Durable Functions management URLs. 409 while another is in
 * flight. Shared by submit and rollback, which differ only in how the submission is made.
 */
export async function startSubmission(
  request: HttpRequest,
  context: InvocationContext,
  submission: Omit<Submission, 'etag'>,
): Promise<HttpResponseInit> {
  const { accountId, offerId, submissionId } = submission;
  const services = await getPublishingServices();
  const created = await services.submissions.createInFlight(submission);
  if ('inFlight' in created) {
    throw new PublishingError(
      'submissionInFlight',
      `Submission ${created.inFlight} of offer ${offerId} is still in flight; cancel it or wait for it to end.`,
    );
  }
  const input: PublishInput = {
    accountId,
    offerId,
    submissionId,
    apiOrigin: new URL(request.url).origin,
    certificationDeadlineSeconds: getConfig().CERTIFICATION_DEADLINE_SECONDS,
  };
  try {
    await df.getClient(context).startNew(publishSubmissionOrchestrator, { instanceId: submissionId, input });
  } catch (err) {
    // Without its orchestration the submission would block the offer forever: end it.
    await recordSubmissionEvent(
      services.submissions,
      input,
      'cancel',
      { type: 'cancel', by: 'system:pipeline' },
      'system:pipeline',
      () => new Date(),
    );
    throw err;
  }
  const statusUrl = `/api/offers/${encodeURIComponent(offerId)}/submissions/${encodeURIComponent(submissionId)}`;
  return jsonResponse(202, { ...submissionView(created.created), statusUrl }, { location: statusUrl });
}
