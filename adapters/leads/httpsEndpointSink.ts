import { signWebhook } from '../../domain/certification/webhookSignature';
import type { DeliverableLead } from '../../domain/leads/deliverableLead';
import { httpsEndpointPayload } from '../../domain/leads/httpsEndpointPayload';
import { ExternalServiceError } from '../net/ExternalServiceError';
import { safeRequest } from '../net/safeRequest';
import type { OutboundPolicy } from '../net/safeUrl';
import type { LeadDeliveryReceipt, LeadSink } from './LeadSink';

export interface HttpsEndpointSinkConfig {
  /** The publisher's endpoint (a secret: a Flow trigger URL carries its own signature). */
  httpsEndpointUrl: string;
  policy: OutboundPolicy;
  /** When given, the POST is signed like our webhooks (Standard Webhooks headers). */
  signingSecrets?: string[];
  timeoutMs?: number;
  now?: () => number;
}

/**
 * POSTs the documented lead JSON to the publisher's HTTPS endpoint. `webhook-id: lead_<leadId>`
 * is sent on every attempt (and signed when secrets are configured), so a receiver can drop
 * repeats; any 2xx is accepted.
 */
export class HttpsEndpointSink implements LeadSink {
  constructor(private readonly config: HttpsEndpointSinkConfig) {}

  async deliver(lead: DeliverableLead): Promise<LeadDeliveryReceipt> {
    const body = JSON.stringify(httpsEndpointPayload(lead));
    const id = `lead_${lead.leadId}`;
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'webhook-id': id,
    };
    if (this.config.signingSecrets?.length) {
      Object.assign(
        headers,
        signWebhook(id, (this.config.now?.() ?? Date.now()) / 1000, body, this.config.signingSecrets),
      );
    }
    const res = await safeRequest(
      this.config.httpsEndpointUrl,
      { method: 'POST', headers, body, service: 'https-endpoint', timeoutMs: this.config.timeoutMs },
      this.config.policy,
    );
    if (res.status < 200 || res.status >= 300)
      throw ExternalServiceError.fromStatus('https-endpoint', res.status, res.text);
    return { destination: 'httpsEndpoint', idempotent: false, reference: id };
  }
}
