import type { Container } from '@azure/cosmos';
import type { Page, PageRequest } from '../../domain/authoring/offerStore';
import type { DeliveryAttempt, Lead, LeadStatus } from '../../domain/leads/Lead';
import type { LeadStore } from '../../domain/leads/leadStore';

type LeadDocument = Lead & { id: string; type: 'lead'; _etag?: string };

/** Leads in the `offerLeads` container (partition = listing `<account>.<offer>`), id = lead id. */
export class CosmosLeadStore implements LeadStore {
  constructor(private readonly container: Container) {}

  async create(lead: Lead): Promise<Lead> {
    try {
      await this.container.items.create<LeadDocument>({ ...lead, id: lead.leadId, type: 'lead' });
      return lead;
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw err;
      const existing = await this.get(lead.listingId, lead.leadId);
      if (!existing) throw err;
      return existing;
    }
  }

  async get(listingId: string, leadId: string): Promise<Lead | undefined> {
    const { resource } = await this.container.item(leadId, listingId).read<LeadDocument>();
    return resource ? toLead(resource) : undefined;
  }

  async list(listingId: string, page: PageRequest): Promise<Page<Lead>> {
    const iterator = this.container.items.query<LeadDocument>(
      // The explicit listing filter as well as the partition key: a query must never depend on the
      // partition key alone to stay inside one publisher's listing (the local stand-in ignores it).
      {
        query: "SELECT * FROM c WHERE c.type = 'lead' AND c.listingId = @listingId ORDER BY c.createdAt DESC",
        parameters: [{ name: '@listingId', value: listingId }],
      },
      { partitionKey: listingId, maxItemCount: page.pageSize, continuationToken: page.continuationToken },
    );
    const { resources, continuationToken } = await iterator.fetchNext();
    return { items: resources.map(toLead), ...(continuationToken ? { continuationToken } : {}) };
  }

  async listPendingBefore(before: string): Promise<Lead[]> {
    const { resources } = await this.container.items
      .query<LeadDocument>({
        query: "SELECT * FROM c WHERE c.type = 'lead' AND c.status = 'pending' AND c.createdAt < @before",
        parameters: [{ name: '@before', value: before }],
      })
      .fetchAll();
    return resources.map(toLead);
  }

  recordAttempt(listingId: string, leadId: string, attempt: DeliveryAttempt, status: LeadStatus): Promise<Lead> {
    return this.update(listingId, leadId, (l) => ({
      ...l,
      status,
      // The log keeps the last 50 attempts: a lead replayed for weeks must not outgrow a document.
      attempts: [...l.attempts, attempt].slice(-50),
      ...(attempt.outcome === 'delivered' ? { deliveredAt: attempt.at } : { lastError: attempt.error }),
    }));
  }

  async update(listingId: string, leadId: string, change: (l: Lead) => Lead): Promise<Lead> {
    for (let i = 0; i < 20; i++) {
      const item = this.container.item(leadId, listingId);
      const { resource } = await item.read<LeadDocument>();
      if (!resource) throw new Error(`Lead ${leadId} not found`);
      const next = change(toLead(resource));
      try {
        await item.replace({ ...next, id: leadId, type: 'lead' }, { accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } });
        return next;
      } catch (err) {
        if ((err as { code?: number }).code !== 412) throw err;
      }
    }
    throw new Error(`Lead ${leadId}: too many concurrent writes`);
  }
}

function toLead(doc: LeadDocument): Lead {
  const copy: Record<string, unknown> = { ...doc };
  for (const key of Object.keys(copy)) if (key === 'id' || key === 'type' || key.startsWith('_')) delete copy[key];
  return copy as unknown as Lead;
}
