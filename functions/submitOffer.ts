import { randomUUID } from 'node:crypto';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { getConfig } from '../app/config';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { readJsonBody } from '../app/http/readJsonBody';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { withIdempotencyKey } from '../app/publishing/withIdempotencyKey';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { parseWith } from '../domain/offer/parseWith';
import { newSubmission } from '../domain/publishing/newSubmission';
import { publishSubmissionOrchestrator, type PublishInput } from '../domain/publishing/pipelineEvents';
import { PublishingError } from '../domain/publishing/PublishingError';
import { recordSubmissionEvent } from '../domain/publishing/recordSubmissionEvent';
import { submissionView } from '../domain/publishing/submissionView';

const submitBody = z.strictObject({ notesForCertification: z.string().max(10_000).default('') });

/**
 * POST /api/offers/{offerId}/submissions: freezes the draft and starts the publish pipeline.
 * 202 with the submission and, in Location, its status URL (our own resource, scoped to the
 * account; the Durable Functions management URLs are not handed out: they are not scoped).
 * 422 with every incomplete field unless the offer is ready; 409 while another is in flight.
 * Idempotency-Key makes a retried submit return the first answer.
 */
export async function submitOffer(request: HttpRequest, publisher: Publisher, context: InvocationContext): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const raw = await readJsonBody(request, getConfig().HTTP_MAX_BODY_BYTES);
  const parsed = parseWith(submitBody, raw);
  if (!parsed.ok) throw new AppError('validationFailed', 'The submission body is invalid.', parsed.issues);
  return withIdempotencyKey(request, publisher, 'submit', raw, async () => {
    const services = await getPublishingServices();
    const draft = await getOfferDraft(await getOfferStore(), publisher, offerId);
    const liveId = draft.offer.live?.submissionId;
    const liveSubmission = liveId ? await services.submissions.get(publisher.accountId, offerId, liveId) : undefined;
    const submission = newSubmission({
      submissionId: randomUUID(),
      draft,
      live: liveSubmission ? { submissionId: liveSubmission.submissionId, snapshot: liveSubmission.snapshot } : undefined,
      notesForCertification: parsed.value.notesForCertification,
      userId: publisher.userId,
      now: new Date(),
    });
    const created = await services.submissions.createInFlight(submission);
    if ('inFlight' in created) {
      throw new PublishingError('submissionInFlight', `Submission ${created.inFlight} of offer ${offerId} is still in flight; cancel it or wait for it to end.`);
    }
    const input: PublishInput = {
      accountId: publisher.accountId,
      offerId,
      submissionId: submission.submissionId,
      apiOrigin: new URL(request.url).origin,
      certificationDeadlineSeconds: getConfig().CERTIFICATION_DEADLINE_SECONDS,
    };
    try {
      await df.getClient(context).startNew(publishSubmissionOrchestrator, { instanceId: submission.submissionId, input });
    } catch (err) {
      // Without its orchestration the submission would block the offer forever: end it.
      await recordSubmissionEvent(services.submissions, input, 'cancel', { type: 'cancel', by: 'system:pipeline' }, 'system:pipeline', () => new Date());
      throw err;
    }
    const statusUrl = `/api/offers/${encodeURIComponent(offerId)}/submissions/${encodeURIComponent(submission.submissionId)}`;
    return jsonResponse(202, { ...submissionView(created.created), statusUrl }, { location: statusUrl });
  });
}

app.http('submitOffer', {
  route: 'offers/{offerId}/submissions',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withPublisher(submitOffer),
});
