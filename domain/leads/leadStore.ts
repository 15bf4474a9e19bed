import type { Page, PageRequest } from '../authoring/offerStore';
import type { DeliveryAttempt, Lead, LeadStatus } from './Lead';

/** Leads of an offer (one partition per offer). */
export interface LeadStore {
  /** Stores a new lead; creating the same lead id again returns the stored one. */
  create(lead: Lead): Promise<Lead>;
  get(listingId: string, leadId: string): Promise<Lead | undefined>;
  /** Newest first. */
  list(listingId: string, page: PageRequest): Promise<Page<Lead>>;
  /** Appends an attempt and sets the status (re-read and retried on a concurrent write). */
  recordAttempt(
    listingId: string,
    leadId: string,
    attempt: DeliveryAttempt,
    status: LeadStatus,
  ): Promise<Lead>;
  update(listingId: string, leadId: string, change: (l: Lead) => Lead): Promise<Lead>;
  /** Leads of every offer still `pending` that were created before `before` (ISO time). */
  listPendingBefore(before: string): Promise<Lead[]>;
}
