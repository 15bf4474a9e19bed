import { BulkOperationType, type Container, type JSONObject, type OperationInput } from '@azure/cosmos';
import type { StorefrontStore } from '../../domain/publishing/publishingStores';
import type { StorefrontListing } from '../../domain/publishing/storefrontListing';

/**
 * Documents of the `storefront` container (partition key `/listingId`, one partition per offer):
 * `live` (the version customers see), `preview` (visible with the hide key) and one
 * `version:<n>` per version that was ever live (kept for rollback and comparison).
 */
type ListingDocument = StorefrontListing & { id: string; _etag?: string };

const versionId = (n: number): string => `version:${String(n).padStart(6, '0')}`;

export class CosmosStorefrontStore implements StorefrontStore {
  constructor(private readonly container: Container) {}

  async get(listingId: string, which: 'live' | 'preview'): Promise<StorefrontListing | undefined> {
    const { resource } = await this.container.item(which, listingId).read<ListingDocument>();
    return resource ? toListing(resource) : undefined;
  }

  async putPreview(listing: StorefrontListing): Promise<void> {
    await this.container.items.upsert({ ...listing, id: 'preview' });
  }

  async publish(listing: StorefrontListing, expectedLiveSubmissionId: string | null): Promise<'published' | 'stale'> {
    const { resource: live } = await this.container.item('live', listing.listingId).read<ListingDocument>();
    if (live?.submissionId === listing.submissionId) return 'published';
    if ((live?.submissionId ?? null) !== expectedLiveSubmissionId) return 'stale';
    const doc = { ...listing, id: 'live' } as unknown as JSONObject;
    // One batch: the live version is swapped (conditionally on the version read) and kept in
    // the history together, or not at all.
    const operations: OperationInput[] = [
      live?._etag
        ? { operationType: BulkOperationType.Replace, partitionKey: listing.listingId, id: 'live', ifMatch: live._etag, resourceBody: doc }
        : { operationType: BulkOperationType.Create, partitionKey: listing.listingId, resourceBody: doc },
      { operationType: BulkOperationType.Upsert, partitionKey: listing.listingId, resourceBody: { ...listing, id: versionId(listing.version) } as unknown as JSONObject },
    ];
    const { result } = await this.container.items.batch(operations, listing.listingId);
    const statuses = (result ?? []).map((r) => r.statusCode);
    if (statuses[0] === 412 || statuses[0] === 409) return 'stale';
    const failed = statuses.findIndex((s) => s >= 400);
    if (failed >= 0 || statuses.length === 0) throw new Error(`storefront publish failed with status ${statuses[failed] ?? 'none'}`);
    return 'published';
  }

  async removePreview(listingId: string, submissionId: string): Promise<void> {
    const { resource } = await this.container.item('preview', listingId).read<ListingDocument>();
    if (!resource || resource.submissionId !== submissionId) return;
    try {
      await this.container.item('preview', listingId).delete({ accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } });
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code !== 404 && code !== 412) throw err;
    }
  }

  async listLive(market: string | undefined, limit: number): Promise<StorefrontListing[]> {
    const { resources } = await this.container.items
      .query<ListingDocument>({
        query:
          market === undefined
            ? "SELECT * FROM c WHERE c.id = 'live'"
            : "SELECT * FROM c WHERE c.id = 'live' AND ARRAY_CONTAINS(c.markets, @market)",
        parameters: market === undefined ? [] : [{ name: '@market', value: market }],
      })
      .fetchAll();
    return resources
      .map(toListing)
      .sort((a, b) => String(a.offer.name).localeCompare(String(b.offer.name)))
      .slice(0, limit);
  }
}

function toListing(doc: ListingDocument): StorefrontListing {
  const copy: Record<string, unknown> = { ...doc };
  for (const key of Object.keys(copy)) if (key === 'id' || key.startsWith('_')) delete copy[key];
  return copy as unknown as StorefrontListing;
}
