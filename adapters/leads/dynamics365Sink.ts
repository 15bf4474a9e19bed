import { createHash } from 'node:crypto';
import type { DeliverableLead } from '../../domain/leads/deliverableLead';
import { leadSource } from '../../domain/leads/deliverableLead';
import { DataverseWebApi } from '../dataverse/DataverseWebApi';
import { ExternalServiceError } from '../net/ExternalServiceError';
import type { OutboundPolicy } from '../net/safeUrl';
import { appCredential } from '../testdrive/appCredential';
import type { LeadDeliveryReceipt, LeadSink } from './LeadSink';

export interface Dynamics365SinkConfig {
  /** e.g. https://contoso.crm4.dynamics.com */
  instanceUrl: string;
  authentication: 'azureAD' | 'office365';
  applicationId?: string;
  directoryId?: string;
  /** Client secret (a secret). */
  applicationKey?: string;
  authorityHost: string;
  policy: OutboundPolicy;
  /** Web API version path (default v9.2). */
  apiVersion?: string;
}

/** A stable GUID for our lead id (name-based, SHA-1, RFC 9562 version 5 layout). */
export function dataverseLeadId(leadId: string): string {
  const h = createHash('sha1').update(`marketplace-lead:${leadId}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * Creates a Dynamics 365 lead through the Dataverse Web API with the publisher's Entra app.
 * `PATCH leads(<id derived from our lead id>)` is an upsert in Dataverse, so a repeated delivery
 * updates the same record instead of making a second one. Office 365 (user name and password)
 * authentication is refused: the password grant is deprecated and blocked by MFA.
 */
export class Dynamics365Sink implements LeadSink {
  private readonly api: DataverseWebApi;

  constructor(config: Dynamics365SinkConfig) {
    if (
      config.authentication !== 'azureAD' ||
      !config.applicationId ||
      !config.directoryId ||
      !config.applicationKey
    ) {
      throw new ExternalServiceError(
        'dataverse',
        'only Azure AD (application id, directory id, client secret) authentication is supported',
        false,
      );
    }
    this.api = new DataverseWebApi({
      webApiUrl: `${config.instanceUrl.replace(/\/+$/, '')}/api/data/${config.apiVersion ?? 'v9.2'}`,
      credential: appCredential(
        { tenantId: config.directoryId, appId: config.applicationId, appClientSecret: config.applicationKey },
        { authorityHost: config.authorityHost },
      ),
      policy: config.policy,
      service: 'dataverse',
    });
  }

  async deliver(lead: DeliverableLead): Promise<LeadDeliveryReceipt> {
    const id = dataverseLeadId(lead.leadId);
    const c = lead.customer;
    await this.api.call('PATCH', `leads(${id})`, {
      subject: `${lead.offerTitle}: ${lead.action === 'StartTestDrive' ? 'test drive' : 'contact request'}`,
      firstname: c.firstName,
      lastname: c.lastName,
      emailaddress1: c.email,
      companyname: c.company ?? null,
      telephone1: c.phone ?? null,
      jobtitle: c.title ?? null,
      address1_country: c.country ?? null,
      description: [leadSource(lead), lead.description].filter(Boolean).join('\n'),
    });
    return { destination: 'dynamics365', idempotent: true, reference: id };
  }
}
