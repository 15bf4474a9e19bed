import type { DeliverableLead } from '../../domain/leads/deliverableLead';

export interface LeadDeliveryReceipt {
  destination: 'azureTable' | 'dynamics365' | 'httpsEndpoint' | 'marketo' | 'salesforce';
  /**
   * Whether delivering the same lead again leaves one record at the destination (Azure Table,
   * Dynamics 365) or may make a duplicate (Marketo de-duplicates by e-mail, Salesforce Web-to-Lead
   * does not; the HTTPS endpoint receives `webhook-id` to de-duplicate on).
   */
  idempotent: boolean;
  /** The record's key at the destination, when it has one (row key, Dataverse lead id). */
  reference?: string;
}

/**
 * One per lead destination. `deliver` resolves once the destination accepted the lead; it throws
 * ExternalServiceError (`retryable`: 5xx, 429, timeouts, connection errors) or UnsafeUrlError
 * (the configured URL points somewhere the system must not call: not retryable).
 */
export interface LeadSink {
  deliver(lead: DeliverableLead): Promise<LeadDeliveryReceipt>;
}
