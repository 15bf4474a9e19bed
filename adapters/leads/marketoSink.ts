import type { DeliverableLead } from '../../domain/leads/deliverableLead';
import { leadSource } from '../../domain/leads/deliverableLead';
import { ExternalServiceError } from '../net/ExternalServiceError';
import { safeRequest } from '../net/safeRequest';
import type { OutboundPolicy } from '../net/safeUrl';
import type { LeadDeliveryReceipt, LeadSink } from './LeadSink';

export interface MarketoSinkConfig {
  serverId: string;
  munchkinId: string;
  formId: string;
  /** MARKETO_FORM_BASE_URL: `{serverId}` is replaced, default https://app-{serverId}.marketo.com */
  formBaseUrl: string;
  policy: OutboundPolicy;
  timeoutMs?: number;
}

/**
 * Posts the lead to the publisher's Marketo form (forms 1.0 `index.php/leadCapture/save2`, form
 * encoded, the fields of a Marketo form: FirstName, LastName, Email, ...). Marketo
 * de-duplicates leads by e-mail, not by our id, so a repeated delivery updates the same person.
 * The server id, Munchkin id and form id are checked for shape before they go into a URL.
 */
export class MarketoSink implements LeadSink {
  constructor(private readonly config: MarketoSinkConfig) {}

  async deliver(lead: DeliverableLead): Promise<LeadDeliveryReceipt> {
    const { serverId, munchkinId, formId } = this.config;
    if (
      !/^[A-Za-z0-9-]{1,63}$/.test(serverId) ||
      !/^[A-Za-z0-9]{3}-[A-Za-z0-9]{3}-[A-Za-z0-9]{3}$/.test(munchkinId) ||
      !/^\d{1,10}$/.test(formId)
    ) {
      throw new ExternalServiceError(
        'marketo',
        'serverId, munchkinId (e.g. 123-PQR-789) or formId (digits) is malformed',
        false,
      );
    }
    const c = lead.customer;
    const form = new URLSearchParams({
      munchkinId,
      formid: formId,
      FirstName: c.firstName,
      LastName: c.lastName,
      Email: c.email,
      Company: c.company ?? '',
      Phone: c.phone ?? '',
      Title: c.title ?? '',
      Country: c.country ?? '',
      LeadSource: leadSource(lead),
      Description: lead.description ?? '',
    });
    const url = `${this.config.formBaseUrl.replace('{serverId}', serverId).replace(/\/+$/, '')}/index.php/leadCapture/save2`;
    const res = await safeRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        service: 'marketo',
        timeoutMs: this.config.timeoutMs,
      },
      this.config.policy,
    );
    if (res.status < 200 || res.status >= 300)
      throw ExternalServiceError.fromStatus('marketo', res.status, res.text);
    return { destination: 'marketo', idempotent: false };
  }
}
