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
import { transientCosmosFailure } from '../../adapters/cosmos/transientCosmosFailure';

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
  const created = await createInFlightOrFind(services.submissions, submission);
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

type SubmissionRepository = Awaited<ReturnType<typeof getPublishingServices>>['submissions'];

/**
 * createInFlight, for a database failure whose outcome is unknown (a lost answer, a timeout): the
 * submission and its in-flight marker may have been stored all the same, and without its
 * orchestration such a submission would block the offer. It is looked up by id: found means
 * created (the caller starts the orchestration), not found means nothing happened (the 503 stands).
 */
async function createInFlightOrFind(
  repository: SubmissionRepository,
  submission: Omit<Submission, 'etag'>,
): ReturnType<SubmissionRepository['createInFlight']> {
  try {
    return await repository.createInFlight(submission);
  } catch (failure) {
    if (transientCosmosFailure(failure) === undefined) throw failure;
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await repository.get(submission.accountId, submission.offerId, submission.submissionId);
        if (stored) return { created: stored };
        throw failure;
      } catch (lookup) {
        if (lookup === failure || attempt === 3 || transientCosmosFailure(lookup) === undefined) throw failure;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  }
}
