import * as df from 'durable-functions';
import type { ActivityHandler, OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { ExternalServiceError } from '../adapters/net/ExternalServiceError';
import { UnsafeUrlError } from '../adapters/net/safeUrl';
import { sendEmail } from '../adapters/email/sendEmail';
import { leadManagementOf, leadSinkFor } from '../app/leads/leadSinkFor';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { publishedVersion } from '../app/testdrive/publishedOffer';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { DELIVERY_BACKOFF_SECONDS, type Lead, type LeadStatus } from '../domain/leads/Lead';

/**
 * Delivery of one lead, one instance per delivery round (`lead:<leadId>:<round>`): the publisher's
 * notification addresses are e-mailed once, then the lead goes to the offer's destination; a
 * retryable failure waits (durable timer, DELIVERY_BACKOFF_SECONDS) and tries again. When the
 * attempts are spent, or the failure cannot be fixed by waiting (a 4xx, a refused URL, a missing
 * secret), the lead is left `undelivered` with its last error: stored, listed for the publisher,
 * and replayable (a new round). The input holds ids only.
 */
export const deliverLeadOrchestrator = 'deliverLead';
export const notifyLeadActivity = 'deliverLead_notify';
export const deliverLeadActivity = 'deliverLead_deliver';

export interface DeliverLeadInput {
  listingId: string;
  leadId: string;
  round: number;
}

interface AttemptResult {
  outcome: 'delivered' | 'notRequired' | 'failed';
  retryable?: boolean;
}

export function deliverLeadInstanceId(leadId: string, round: number): string {
  return `lead:${leadId}:${round}`;
}

const deliverLead: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput<DeliverLeadInput>();
  if (input.round === 1) yield context.df.callActivity(notifyLeadActivity, input);
  for (let attempt = 0; ; attempt++) {
    const final = attempt >= DELIVERY_BACKOFF_SECONDS.length;
    const result = (yield context.df.callActivity(deliverLeadActivity, { ...input, final })) as AttemptResult;
    if (result.outcome !== 'failed') return result.outcome;
    if (final || result.retryable !== true) return 'undelivered';
    const wait = DELIVERY_BACKOFF_SECONDS[attempt] as number;
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + wait * 1000));
  }
};
df.app.orchestration(deliverLeadOrchestrator, deliverLead);

async function loadLead(input: DeliverLeadInput): Promise<Lead> {
  const { leads } = await getTestDriveServices();
  const lead = await leads.get(input.listingId, input.leadId);
  if (!lead) throw new Error(`Lead ${input.leadId} not found`);
  return lead;
}

/** The version whose lead configuration applies: the live one now (a fix goes live), else the one the customer saw. */
async function configuredVersion(lead: Lead) {
  const { storefront } = await getPublishingServices();
  const live = await storefront.get(lead.listingId, 'live');
  return publishedVersion(lead.accountId, lead.offerId, live?.submissionId ?? lead.submissionId);
}

/** E-mails leadManagement.notificationEmails about the new lead (at most once: ACS operation id from the lead id). */
const notifyLead: ActivityHandler = async (input: DeliverLeadInput) => {
  const lead = await loadLead(input);
  if (lead.notified) return { sent: false };
  const version = await configuredVersion(lead);
  const to = version ? leadManagementOf(version.sections.setup).notificationEmails : [];
  const c = lead.customer;
  await sendEmail({
    to,
    subject: `New lead for ${lead.offerTitle}: ${c.firstName} ${c.lastName}${c.company ? ` (${c.company})` : ''}`,
    text: [
      `${lead.origin === 'testDrive' ? 'A customer started a test drive of' : 'A customer asked to be contacted about'} ${lead.offerTitle}.`,
      '',
      `Name: ${c.firstName} ${c.lastName}`,
      `E-mail: ${c.email}`,
      ...(c.company ? [`Company: ${c.company}`] : []),
      ...(c.phone ? [`Phone: ${c.phone}`] : []),
      ...(lead.description ? ['', lead.description] : []),
      '',
      `Lead ${lead.leadId}; it is also sent to your lead destination, and listed with its delivery status in the leads of the offer.`,
    ].join('\n'),
    idempotencyKey: `lead-notify:${lead.leadId}`,
    headers: { 'x-lead-id': lead.leadId },
  });
  const { leads } = await getTestDriveServices();
  await leads.update(input.listingId, input.leadId, (l) => ({ ...l, notified: true }));
  return { sent: to.length > 0 };
};
df.app.activity(notifyLeadActivity, { handler: notifyLead });

/** One delivery attempt, recorded on the lead whatever its outcome. Never throws for a destination failure. */
const deliverOnce: ActivityHandler = async (input: DeliverLeadInput & { final: boolean }): Promise<AttemptResult> => {
  const { leads } = await getTestDriveServices();
  const lead = await loadLead(input);
  if (lead.status === 'delivered') return { outcome: 'delivered' };
  const at = new Date().toISOString();
  const version = await configuredVersion(lead);
  let destination = lead.destination ?? 'none';
  try {
    if (!version) throw new ExternalServiceError('lead-delivery', 'the published version of the offer is gone', false);
    const { destination: d, sink } = await leadSinkFor(lead.accountId, lead.offerId, version.sections.setup);
    destination = d;
    if (!sink) {
      await leads.update(input.listingId, input.leadId, (l) => ({ ...l, destination: d, status: 'notRequired' }));
      return { outcome: 'notRequired' };
    }
    const receipt = await sink.deliver(lead);
    await leads.update(input.listingId, input.leadId, (l) => ({ ...l, destination: d }));
    await leads.recordAttempt(input.listingId, input.leadId, { at, outcome: 'delivered', destination: d, ...(receipt.reference ? { reference: receipt.reference } : {}) }, 'delivered');
    return { outcome: 'delivered' };
  } catch (err) {
    const retryable = err instanceof ExternalServiceError ? err.retryable : !(err instanceof UnsafeUrlError);
    const error = err instanceof Error ? err.message : String(err);
    const status: LeadStatus = input.final || !retryable ? 'undelivered' : 'pending';
    await leads.update(input.listingId, input.leadId, (l) => ({ ...l, destination }));
    await leads.recordAttempt(input.listingId, input.leadId, { at, outcome: 'failed', destination, error: error.slice(0, 500), retryable }, status);
    return { outcome: 'failed', retryable };
  }
};
df.app.activity(deliverLeadActivity, { handler: deliverOnce });
