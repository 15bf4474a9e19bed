import { TableClient } from '@azure/data-tables';
import type { DeliverableLead } from '../../domain/leads/deliverableLead';
import { leadSource } from '../../domain/leads/deliverableLead';
import { ExternalServiceError } from '../net/ExternalServiceError';
import { assertSafeUrl, type OutboundPolicy } from '../net/safeUrl';
import type { LeadDeliveryReceipt, LeadSink } from './LeadSink';

export interface AzureTableSinkConfig {
  /** The publisher's storage account connection string (a secret). */
  storageAccountConnectionString: string;
  policy: OutboundPolicy;
  /** Default MarketplaceLeads. */
  tableName?: string;
}

export const LEADS_TABLE = 'MarketplaceLeads';

/**
 * Writes each lead as one entity of the publisher's table (@azure/data-tables): partition key
 * the offer id, row key the lead id, upserted, so a repeated delivery leaves one row. The table is
 * created when missing. The table endpoint is checked by the SSRF guard before any call (the
 * SDK makes its own connections, so the check is not pinned to the connection).
 */
export class AzureTableSink implements LeadSink {
  private client: TableClient | undefined;

  constructor(private readonly config: AzureTableSinkConfig) {}

  async deliver(lead: DeliverableLead): Promise<LeadDeliveryReceipt> {
    const client = await this.tableClient();
    const c = lead.customer;
    try {
      await client.createTable();
      await client.upsertEntity(
        {
          partitionKey: lead.offerId,
          rowKey: lead.leadId,
          LeadSource: leadSource(lead),
          ActionCode: lead.action,
          OfferTitle: lead.offerTitle,
          PublisherId: lead.publisherId,
          OfferId: lead.offerId,
          Description: lead.description ?? '',
          FirstName: c.firstName,
          LastName: c.lastName,
          Email: c.email,
          Company: c.company ?? '',
          Phone: c.phone ?? '',
          Country: c.country ?? '',
          Title: c.title ?? '',
          CreatedAt: lead.createdAt,
        },
        'Replace',
      );
    } catch (err) {
      throw ExternalServiceError.from('azure-table', err);
    }
    return { destination: 'azureTable', idempotent: true, reference: `${lead.offerId}/${lead.leadId}` };
  }

  private async tableClient(): Promise<TableClient> {
    if (this.client) return this.client;
    let client: TableClient;
    try {
      client = TableClient.fromConnectionString(
        this.config.storageAccountConnectionString,
        this.config.tableName ?? LEADS_TABLE,
      );
    } catch (err) {
      throw new ExternalServiceError(
        'azure-table',
        `the connection string is not valid: ${err instanceof Error ? err.message : String(err)}`,
        false,
      );
    }
    await assertSafeUrl(client.url, this.config.policy);
    this.client = client;
    return client;
  }
}
