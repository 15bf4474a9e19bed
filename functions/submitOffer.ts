import { randomUUID } from 'node:crypto';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { getConfig } from '../app/config';
import { AppError } from '../app/http/AppError';
import { readJsonBody } from '../app/http/readJsonBody';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { startSubmission } from '../app/publishing/startSubmission';
import { withIdempotencyKey } from '../app/publishing/withIdempotencyKey';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { parseWith } from '../domain/offer/parseWith';
import { newSubmission } from '../domain/publishing/newSubmission';

const submitBody = z.strictObject({ notesForCertification: z.string().max(10_000).default('') });

/**
 * POST /api/offers/{offerId}/submissions: freezes the draft and starts the publish pipeline.
 * 202 with the submission and, in Location, its status URL (our own resource, scoped to the
 * account; the Durable Functions management URLs are not handed out: they are not scoped).
 * 422 with every incomplete field unless the offer is ready; 409 while another is in flight.
 * Idempotency-Key makes a retried submit return the first answer.
 */
export async function submitOffer(
  request: HttpRequest,
  publisher: Publisher,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const raw = await readJsonBody(request, getConfig().HTTP_MAX_BODY_BYTES);
  const parsed = parseWith(submitBody, raw);
  if (!parsed.ok) throw new AppError('validationFailed', 'The submission body is invalid.', parsed.issues);
  return withIdempotencyKey(request, publisher, 'submit', raw, async () => {
    const services = await getPublishingServices();
    const draft = await getOfferDraft(await getOfferStore(), publisher, offerId);
    const liveId = draft.offer.live?.submissionId;
    const liveSubmission = liveId
      ? await services.submissions.get(publisher.accountId, offerId, liveId)
      : undefined;
    const submission = newSubmission({
      submissionId: randomUUID(),
      draft,
      live: liveSubmission
        ? { submissionId: liveSubmission.submissionId, snapshot: liveSubmission.snapshot }
        : undefined,
      notesForCertification: parsed.value.notesForCertification,
      userId: publisher.userId,
      now: new Date(),
    });
    return startSubmission(request, context, submission);
  });
}

app.http('submitOffer', {
  route: 'offers/{offerId}/submissions',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withPublisher(submitOffer),
});
