import { randomUUID } from 'node:crypto';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { startSubmission } from '../app/publishing/startSubmission';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { PublishingError } from '../domain/publishing/PublishingError';
import { rollbackSubmission } from '../domain/publishing/rollbackSubmission';

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
  return startSubmission(request, context, submission);
}

app.http('rollbackOffer', {
  route: 'offers/{offerId}/rollback',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withPublisher(rollbackOffer),
});
