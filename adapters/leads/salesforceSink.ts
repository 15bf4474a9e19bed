import type { DeliverableLead } from '../../domain/leads/deliverableLead';
import { leadSource } from '../../domain/leads/deliverableLead';
import { ExternalServiceError } from '../net/ExternalServiceError';
import { safeRequest } from '../net/safeRequest';
import type { OutboundPolicy } from '../net/safeUrl';
import type { LeadDeliveryReceipt, LeadSink } from './LeadSink';

export interface SalesforceSinkConfig {
  /** The org id (`oid`) of the publisher's Web-to-Lead form. */
  objectIdentifier: string;
  /** SALESFORCE_WEB_TO_LEAD_URL, default https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8 */
  webToLeadUrl: string;
  policy: OutboundPolicy;
  timeoutMs?: number;
}

/**
 * Salesforce Web-to-Lead: a form post with the keys of the documented sample lead (oid,
 * first_name, last_name, email, company, phone, title, country, description, lead_source,
 * encoding). Web-to-Lead has no idempotency key: a repeated delivery makes a second lead
 * (Salesforce duplicate rules can merge them), so callers retry only failed deliveries.
 */
export class SalesforceSink implements LeadSink {
  constructor(private readonly config: SalesforceSinkConfig) {}

  async deliver(lead: DeliverableLead): Promise<LeadDeliveryReceipt> {
    if (!/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(this.config.objectIdentifier)) {
      throw new ExternalServiceError(
        'salesforce',
        'objectIdentifier must be a 15 or 18 character org id',
        false,
      );
    }
    const c = lead.customer;
    const form = new URLSearchParams({
      oid: this.config.objectIdentifier,
      encoding: 'UTF-8',
      first_name: c.firstName,
      last_name: c.lastName,
      email: c.email,
      company: c.company ?? '',
      phone: c.phone ?? '',
      title: c.title ?? '',
      country: c.country ?? '',
      description: lead.description ?? '',
      lead_source: leadSource(lead),
    });
    const res = await safeRequest(
      this.config.webToLeadUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        service: 'salesforce',
        timeoutMs: this.config.timeoutMs,
      },
      this.config.policy,
    );
    if (res.status < 200 || res.status >= 300)
      throw ExternalServiceError.fromStatus('salesforce', res.status, res.text);
    return { destination: 'salesforce', idempotent: false };
  }
}
