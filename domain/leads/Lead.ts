import type { DeliverableLead } from './deliverableLead';

export type LeadDestination =
  'none' | 'azureTable' | 'dynamics365' | 'httpsEndpoint' | 'marketo' | 'salesforce';
/** pending: being delivered (or waiting for the next attempt); undelivered: attempts exhausted, visible and retryable. */
export type LeadStatus = 'pending' | 'delivered' | 'undelivered' | 'notRequired';

export interface DeliveryAttempt {
  readonly at: string;
  readonly outcome: 'delivered' | 'failed';
  readonly destination: LeadDestination;
  /** Why the attempt failed (never a secret: sink errors name the service and status only). */
  readonly error?: string;
  readonly retryable?: boolean;
  readonly reference?: string;
}

/**
 * A lead as stored: what the destination receives plus where it came from, the customer's
 * consent, its delivery state and every attempt. Stored before any delivery is tried, so a
 * destination that is down never loses it.
 */
export interface Lead extends DeliverableLead {
  /** `<account>.<offer>`: the partition of the offer's leads. */
  readonly listingId: string;
  readonly accountId: string;
  readonly origin: 'testDrive' | 'contactRequest' | 'test';
  readonly customerId?: string;
  readonly sessionId?: string;
  /** The published version the customer saw (its lead configuration is used when no version is live). */
  readonly submissionId: string;
  readonly consent: boolean;
  readonly status: LeadStatus;
  readonly destination?: LeadDestination;
  readonly attempts: readonly DeliveryAttempt[];
  readonly lastError?: string;
  readonly deliveredAt?: string;
  /** How many delivery rounds were started (1 at creation; each replay adds one). */
  readonly round: number;
  readonly notified?: boolean;
  /**
   * The durable task hub that delivers it: only that app resumes a delivery whose start was cut
   * short (another app, or another local host on the same database, delivers the others).
   */
  readonly taskHub?: string;
}

/**
 * Waits before each retry of a delivery round, in seconds: about 6 hours in all, then the lead is
 * `undelivered` (visible to the publisher, replayable). Long enough to ride out a CRM outage or
 * a rotated secret fixed the same day.
 */
export const DELIVERY_BACKOFF_SECONDS: readonly number[] = [30, 120, 600, 1800, 3600, 3 * 3600];

/** The publisher's view of a lead (everything but internal fields). */
export function leadView(lead: Lead): Record<string, unknown> {
  return {
    leadId: lead.leadId,
    origin: lead.origin,
    createdAt: lead.createdAt,
    leadSource: `${lead.source}-${lead.action}|${lead.publisherId}.${lead.offerId}`,
    customer: lead.customer,
    ...(lead.description !== undefined ? { description: lead.description } : {}),
    ...(lead.sessionId ? { sessionId: lead.sessionId } : {}),
    consent: lead.consent,
    delivery: {
      status: lead.status,
      destination: lead.destination ?? null,
      ...(lead.deliveredAt ? { deliveredAt: lead.deliveredAt } : {}),
      ...(lead.lastError ? { lastError: lead.lastError } : {}),
      attempts: lead.attempts,
    },
  };
}
