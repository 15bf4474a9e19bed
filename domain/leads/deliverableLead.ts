/**
 * A lead as the destinations receive it (lead-destinations.json `leadFields`): who asked, about
 * which offer, from where. `leadId` is ours and is the idempotency key wherever a destination
 * allows one.
 */
export interface DeliverableLead {
  leadId: string;
  publisherId: string;
  offerId: string;
  offerTitle: string;
  /** LeadSource's source part. */
  source: 'AzureMarketplace' | 'AzurePortal' | 'AppSource (SPZA)';
  /** INS (acquired), PLT (Contact me), DNC, Create, StartTestDrive. */
  action: 'INS' | 'PLT' | 'DNC' | 'Create' | 'StartTestDrive';
  customer: {
    firstName: string;
    lastName: string;
    email: string;
    company?: string;
    phone?: string;
    country?: string;
    title?: string;
  };
  description?: string;
  /** ISO timestamp of the request. */
  createdAt: string;
}

/** `Source-Action|publisherid.offerid`, e.g. `AppSource (SPZA)-PLT|contoso.sales-helper`. */
export function leadSource(
  lead: Pick<DeliverableLead, 'source' | 'action' | 'publisherId' | 'offerId'>,
): string {
  return `${lead.source}-${lead.action}|${lead.publisherId}.${lead.offerId}`;
}
