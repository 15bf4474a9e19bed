import { randomUUID } from 'node:crypto';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { getConfig } from '../app/config';
import { jsonResponse } from '../app/http/jsonResponse';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { publishSubmissionOrchestrator, type PublishInput } from '../domain/publishing/pipelineEvents';
import { PublishingError } from '../domain/publishing/PublishingError';
import { recordSubmissionEvent } from '../domain/publishing/recordSubmissionEvent';
import { rollbackSubmission } from '../domain/publishing/rollbackSubmission';
import { submissionView } from '../domain/publishing/submissionView';

/**
 * POST /api/offers/{offerId}/rollback: re-publishes the version that was live before the current
 * one. A submission like any other (one in flight per offer, the same pipeline, timeline and
 * status URL), but certification and provisioning are skipped: it goes to preview, then Go-live.
 * 202; 409 when nothing earlier was live or a submission is in flight; 422 when the old snapshot
 * no longer passes the automated checks.
 */
export async function rollbackOffer(
  request: HttpRequest,
  publisher: Publisher,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const services = await getPublishingServices();
  const draft = await getOfferDraft(await getOfferStore(), publisher, offerId);
  const submissions = await services.submissions.list(publisher.accountId, offerId);
  const live = submissions.find((s) => s.submissionId === draft.offer.live?.submissionId);
  const previousVersion = (live?.liveVersion ?? 0) - 1;
  const target = submissions.find((s) => s.liveVersion !== undefined && s.liveVersion === previousVersion);
  if (!live || !target)
    throw new PublishingError(
      'invalidState',
      `Offer ${offerId} has no earlier live version to roll back to.`,
    );
  const submission = rollbackSubmission({
    submissionId: randomUUID(),
    live,
    target,
    userId: publisher.userId,
    now: new Date(),
  });
  const created = await services.submissions.createInFlight(submission);
  if ('inFlight' in created) {
    throw new PublishingError(
      'submissionInFlight',
      `Submission ${created.inFlight} of offer ${offerId} is still in flight; cancel it or wait for it to end.`,
    );
  }
  const input: PublishInput = {
    accountId: publisher.accountId,
    offerId,
    submissionId: submission.submissionId,
    apiOrigin: new URL(request.url).origin,
    certificationDeadlineSeconds: getConfig().CERTIFICATION_DEADLINE_SECONDS,
  };
  try {
    await df
      .getClient(context)
      .startNew(publishSubmissionOrchestrator, { instanceId: submission.submissionId, input });
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
  const statusUrl = `/api/offers/${encodeURIComponent(offerId)}/submissions/${encodeURIComponent(submission.submissionId)}`;
  return jsonResponse(202, { ...submissionView(created.created), statusUrl }, { location: statusUrl });
}

app.http('rollbackOffer', {
  route: 'offers/{offerId}/rollback',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withPublisher(rollbackOffer),
});
