import type { Container } from '@azure/cosmos';
import type { TestDriveOverrides } from '../../domain/testdrive/testDriveOverrides';
import {
  NO_OVERRIDES_ETAG,
  type StoredOverrides,
  type TestDriveOverrideStore,
} from '../../domain/testdrive/testDriveOverrideStore';

const OVERRIDES_ID = 'overrides';

interface OverridesDocument {
  id: typeof OVERRIDES_ID;
  kind: 'overrides';
  listingId: string;
  overrides: TestDriveOverrides;
  revision: number;
  updatedAt: string;
  updatedBy: string;
  _etag?: string;
}

/**
 * The overrides of an offer as one document `overrides` in the `testDrives` container (partition =
 * listing `<account>.<offer>`, so an account reaches only its own). Writes are conditional on the
 * ETag the publisher read: a create when nothing was stored (a second create is refused by
 * Cosmos DB), a replace with If-Match otherwise.
 */
export class CosmosTestDriveOverrideStore implements TestDriveOverrideStore {
  constructor(private readonly container: Container) {}

  async get(listingId: string): Promise<StoredOverrides> {
    const { resource } = await this.container.item(OVERRIDES_ID, listingId).read<OverridesDocument>();
    if (!resource || resource.listingId !== listingId) {
      return { overrides: {}, etag: NO_OVERRIDES_ETAG, revision: 0, updatedAt: null, updatedBy: null };
    }
    return toStored(resource);
  }

  async put(
    listingId: string,
    overrides: TestDriveOverrides,
    ifMatch: string,
    by: string,
    at: string,
  ): Promise<StoredOverrides | 'stale'> {
    const current = await this.get(listingId);
    if (current.etag !== ifMatch) return 'stale';
    const doc: OverridesDocument = {
      id: OVERRIDES_ID,
      kind: 'overrides',
      listingId,
      overrides,
      revision: current.revision + 1,
      updatedAt: at,
      updatedBy: by,
    };
    try {
      const { resource } =
        ifMatch === NO_OVERRIDES_ETAG
          ? await this.container.items.create<OverridesDocument>(doc)
          : await this.container
              .item(OVERRIDES_ID, listingId)
              .replace<OverridesDocument>(doc, { accessCondition: { type: 'IfMatch', condition: ifMatch } });
      if (!resource) throw new Error('Cosmos DB returned no overrides document');
      return toStored(resource);
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === 409 || code === 412 || code === 404) return 'stale';
      throw err;
    }
  }
}

function toStored(doc: OverridesDocument): StoredOverrides {
  return {
    overrides: doc.overrides,
    etag: doc._etag ?? NO_OVERRIDES_ETAG,
    revision: doc.revision,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
  };
}
