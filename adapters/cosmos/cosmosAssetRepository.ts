import { type Container, ErrorResponse, type ItemDefinition } from '@azure/cosmos';
import type { AssetRecord, AssetRepository, UploadRecord } from '../../domain/assets/assetRepository';
import { listAssetReferences } from '../../domain/offer/assetReferences';
import { sectionNames, type SectionName } from '../../domain/offer/sectionNames';

/**
 * Asset and upload records in the `offers` container (partition key `/accountId`), beside the
 * offers of the same account, as two more document types:
 * - `asset` (id `asset:<sha256>`): a committed, immutable asset of the account;
 * - `upload` (id `upload:<uploadId>`): an upload waiting for its commit (it carries the offer
 *   id, so deleting the offer deletes it too; its blob is then swept by the clean-up).
 * Submissions are read from the `submissions` container to keep their assets alive.
 */
interface AssetDocument extends AssetRecord {
  id: string;
  type: 'asset';
}
interface UploadDocument extends UploadRecord {
  id: string;
  type: 'upload';
}

const assetDocId = (assetId: string) => `asset:${assetId}`;
const uploadDocId = (uploadId: string) => `upload:${uploadId}`;
/**
 * Queries name the account in their WHERE clause as well as in the partition key option: the
 * local Cosmos DB stand-in does not scope queries by the option, and an account must never see
 * another's assets.
 */
/** What a reference to a committed asset looks like anywhere in a submission's snapshot. */
const ASSET_ID = /^[0-9a-f]{64}$/;

export class CosmosAssetRepository implements AssetRepository {
  constructor(
    private readonly offers: Container,
    private readonly submissions: Container,
  ) {}

  async createUpload(upload: UploadRecord): Promise<void> {
    const doc: UploadDocument = { ...upload, id: uploadDocId(upload.uploadId), type: 'upload' };
    await this.offers.items.create(doc);
  }

  async getUpload(accountId: string, uploadId: string): Promise<UploadRecord | undefined> {
    const doc = await this.read<UploadDocument>(uploadDocId(uploadId), accountId);
    return doc?.type === 'upload' ? stripUpload(doc) : undefined;
  }

  async deleteUpload(accountId: string, uploadId: string): Promise<void> {
    await this.delete(uploadDocId(uploadId), accountId);
  }

  async createAsset(asset: AssetRecord): Promise<AssetRecord> {
    const doc: AssetDocument = { ...asset, id: assetDocId(asset.assetId), type: 'asset' };
    try {
      await this.offers.items.create(doc);
      return asset;
    } catch (error) {
      if (!(error instanceof ErrorResponse && error.code === 409)) throw error;
      const existing = await this.read<AssetDocument>(doc.id, asset.accountId);
      if (!existing) throw error;
      return stripAsset(existing);
    }
  }

  async getAssets(accountId: string, assetIds: readonly string[]): Promise<AssetRecord[]> {
    if (assetIds.length === 0) return [];
    const { resources } = await this.offers.items
      .query<AssetDocument>(
        {
          query:
            'SELECT * FROM c WHERE c.type = "asset" AND c.accountId = @accountId AND ARRAY_CONTAINS(@ids, c.id)',
          parameters: [
            { name: '@accountId', value: accountId },
            { name: '@ids', value: assetIds.map(assetDocId) },
          ],
        },
        { partitionKey: accountId },
      )
      .fetchAll();
    return resources.map(stripAsset);
  }

  async setUnreferencedSince(accountId: string, assetId: string, since: string | null): Promise<void> {
    const doc = await this.read<AssetDocument>(assetDocId(assetId), accountId);
    if (!doc) return;
    await this.offers.item(doc.id, accountId).replace({ ...doc, unreferencedSince: since });
  }

  async deleteAsset(accountId: string, assetId: string): Promise<void> {
    await this.delete(assetDocId(assetId), accountId);
  }

  async *listUploadsCreatedBefore(before: string): AsyncIterable<UploadRecord> {
    const { resources } = await this.offers.items
      .query<UploadDocument>({
        query: 'SELECT * FROM c WHERE c.type = "upload" AND c.createdAt < @before',
        parameters: [{ name: '@before', value: before }],
      })
      .fetchAll();
    for (const doc of resources) yield stripUpload(doc);
  }

  async listAccountsWithAssets(): Promise<string[]> {
    const { resources } = await this.offers.items
      .query<{ accountId: string }>('SELECT c.accountId FROM c WHERE c.type = "asset"')
      .fetchAll();
    return [...new Set(resources.map((r) => r.accountId))];
  }

  async listAssets(accountId: string): Promise<AssetRecord[]> {
    const { resources } = await this.offers.items
      .query<AssetDocument>(
        {
          query: 'SELECT * FROM c WHERE c.type = "asset" AND c.accountId = @accountId',
          parameters: [{ name: '@accountId', value: accountId }],
        },
        { partitionKey: accountId },
      )
      .fetchAll();
    return resources.map(stripAsset);
  }

  async referencedAssetIds(accountId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    const { resources: sections } = await this.offers.items
      .query<{ section: string; value: unknown }>(
        {
          query: 'SELECT c.section, c["value"] FROM c WHERE c.type = "section" AND c.accountId = @accountId',
          parameters: [{ name: '@accountId', value: accountId }],
        },
        { partitionKey: accountId },
      )
      .fetchAll();
    for (const { section, value } of sections) {
      if (!(sectionNames as readonly string[]).includes(section)) continue;
      for (const ref of listAssetReferences(section as SectionName, value)) ids.add(ref.assetId);
    }
    // Submissions are partitioned by offer; their snapshot shape belongs to publishing, so any
    // string in a submission of this account that has the form of an asset id keeps that asset.
    const { resources: submissions } = await this.submissions.items
      .query<unknown>({
        query: 'SELECT * FROM c WHERE c.accountId = @accountId',
        parameters: [{ name: '@accountId', value: accountId }],
      })
      .fetchAll();
    for (const submission of submissions) collectAssetIds(submission, ids);
    return ids;
  }

  private async read<T extends ItemDefinition>(id: string, accountId: string): Promise<T | undefined> {
    try {
      const { resource } = await this.offers.item(id, accountId).read<T>();
      // Belt and braces: a point read answers only the account's own document.
      return resource && (resource as { accountId?: unknown }).accountId === accountId ? resource : undefined;
    } catch (error) {
      if (error instanceof ErrorResponse && error.code === 404) return undefined;
      throw error;
    }
  }

  private async delete(id: string, accountId: string): Promise<void> {
    try {
      await this.offers.item(id, accountId).delete();
    } catch (error) {
      if (!(error instanceof ErrorResponse && error.code === 404)) throw error;
    }
  }
}

function collectAssetIds(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (ASSET_ID.test(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectAssetIds(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectAssetIds(item, into);
  }
}

function stripUpload(doc: UploadDocument): UploadRecord {
  return {
    accountId: doc.accountId,
    uploadId: doc.uploadId,
    offerId: doc.offerId,
    slot: doc.slot,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
  };
}

function stripAsset(doc: AssetDocument): AssetRecord {
  return {
    accountId: doc.accountId,
    assetId: doc.assetId,
    sha256: doc.sha256,
    kind: doc.kind,
    slot: doc.slot,
    size: doc.size,
    ...(doc.width === undefined ? {} : { width: doc.width, height: doc.height }),
    committedAt: doc.committedAt,
    committedBy: doc.committedBy,
    unreferencedSince: doc.unreferencedSince ?? null,
  };
}
