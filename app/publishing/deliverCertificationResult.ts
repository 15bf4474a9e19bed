import type { DurableClient } from 'durable-functions';
import type { InboxEntry } from '../../adapters/cosmos/cosmosCertificationInbox';
import { certificationResultEvent, type CertificationResultEventData } from '../../domain/publishing/pipelineEvents';
import type { PublishingServices } from './getPublishingServices';

/**
 * Tells the submission's orchestration about a stored certification callback. A callback for an
 * unknown submission, or one no longer waiting for certification, is recorded as such and
 * acknowledged (never an error loop). When the orchestration cannot be reached the entry stays
 * undelivered, and the reconciliation timer tries again.
 */
export async function deliverCertificationResult(
  services: PublishingServices,
  client: DurableClient,
  entry: InboxEntry,
): Promise<NonNullable<InboxEntry['outcome']> | 'pending'> {
  const submission = await services.submissions.findById(entry.submissionId);
  const at = new Date().toISOString();
  if (!submission) {
    await services.inbox.markDelivered(entry, 'unknownSubmission', at);
    return 'unknownSubmission';
  }
  if (submission.state !== 'certification') {
    await services.inbox.markDelivered(entry, 'submissionFinished', at);
    return 'submissionFinished';
  }
  const data: CertificationResultEventData = {
    result: entry.callback.data.result,
    report: entry.callback.data.report,
    webhookId: entry.webhookId,
  };
  try {
    await client.raiseEvent(entry.submissionId, certificationResultEvent, data);
  } catch {
    return 'pending';
  }
  await services.inbox.markDelivered(entry, 'delivered', at);
  return 'delivered';
}
