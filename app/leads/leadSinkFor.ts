import { AzureTableSink } from '../../adapters/leads/azureTableSink';
import { Dynamics365Sink } from '../../adapters/leads/dynamics365Sink';
import { HttpsEndpointSink } from '../../adapters/leads/httpsEndpointSink';
import type { LeadSink } from '../../adapters/leads/LeadSink';
import { MarketoSink } from '../../adapters/leads/marketoSink';
import { SalesforceSink } from '../../adapters/leads/salesforceSink';
import { ExternalServiceError } from '../../adapters/net/ExternalServiceError';
import type { LeadDestination } from '../../domain/leads/Lead';
import { leadSigningSecret } from '../../domain/leads/leadSigningSecret';
import { getOfferStore } from '../authoring/getOfferStore';
import { getConfig } from '../config';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The lead management part of a setup section: destination, connection (no secrets), notification addresses. */
export function leadManagementOf(setup: unknown): { destination: LeadDestination; connection: Json; notificationEmails: string[] } {
  const lm = obj(obj(setup).leadManagement);
  const destination = (typeof lm.destination === 'string' ? lm.destination : 'none') as LeadDestination;
  const emails = Array.isArray(lm.notificationEmails) ? lm.notificationEmails.filter((e): e is string => typeof e === 'string') : [];
  return { destination, connection: obj(lm.connection), notificationEmails: emails };
}

/**
 * The sink for an offer's lead destination, built inside the delivery activity: non-secret
 * connection fields from the published version's setup section, secret ones (connection string,
 * endpoint URL, client secret) from the secret store, never through orchestration history. The
 * secrets are the offer's current ones, so a publisher who fixes a wrong secret can replay
 * undelivered leads without a new submission.
 */
export async function leadSinkFor(accountId: string, offerId: string, setup: unknown): Promise<{ destination: LeadDestination; sink?: LeadSink }> {
  const { destination, connection } = leadManagementOf(setup);
  if (destination === 'none') return { destination };
  const config = getConfig();
  const policy = { allowLoopback: config.OUTBOUND_ALLOW_LOOPBACK };
  const secrets = await (await getOfferStore()).revealSectionSecrets(accountId, offerId, 'setup');
  const secret = (field: string): string => {
    const value = secrets[`/leadManagement/connection/${field}`];
    if (!value) throw new ExternalServiceError(destination, `the ${destination} destination has no ${field} stored`, false);
    return value;
  };
  switch (destination) {
    case 'azureTable':
      return { destination, sink: new AzureTableSink({ storageAccountConnectionString: secret('storageAccountConnectionString'), policy }) };
    case 'httpsEndpoint': {
      const httpsEndpointUrl = secret('httpsEndpointUrl');
      const signingSecret = leadSigningSecret(Buffer.from(config.SECRETS_ENCRYPTION_KEY, 'base64'), { accountId, offerId, httpsEndpointUrl });
      return { destination, sink: new HttpsEndpointSink({ httpsEndpointUrl, policy, signingSecrets: [signingSecret] }) };
    }
    case 'dynamics365':
      return {
        destination,
        sink: new Dynamics365Sink({
          instanceUrl: str(connection.instanceUrl),
          authentication: connection.authentication === 'office365' ? 'office365' : 'azureAD',
          applicationId: str(connection.applicationId),
          directoryId: str(connection.directoryId),
          applicationKey: connection.authentication === 'office365' ? undefined : secret('applicationKey'),
          authorityHost: config.ENTRA_AUTHORITY_HOST,
          policy,
        }),
      };
    case 'marketo':
      return {
        destination,
        sink: new MarketoSink({
          serverId: str(connection.serverId),
          munchkinId: str(connection.munchkinId),
          formId: str(connection.formId),
          formBaseUrl: config.MARKETO_FORM_BASE_URL,
          policy,
        }),
      };
    case 'salesforce':
      return { destination, sink: new SalesforceSink({ objectIdentifier: str(connection.objectIdentifier), webToLeadUrl: config.SALESFORCE_WEB_TO_LEAD_URL, policy }) };
  }
}
