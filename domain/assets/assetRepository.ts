import type { AssetKind, AssetSlot } from './assetSlots';

/** An upload a publisher started: a blob slot waiting for its commit. */
export interface UploadRecord {
  readonly accountId: string;
  readonly uploadId: string;
  readonly offerId: string;
  readonly slot: AssetSlot;
  readonly createdAt: string;
  readonly createdBy: string;
}

/**
 * A committed asset. Its id is the SHA-256 of its bytes (content-addressed), so the record and
 * the blob it describes never change; only the clean-up bookkeeping (`unreferencedSince`) does.
 */
export interface AssetRecord {
  readonly accountId: string;
  /** = sha256: lowercase hex, 64 characters (fits the sections' asset id format). */
  readonly assetId: string;
  readonly sha256: string;
  readonly kind: AssetKind;
  /** The slot it was first committed for; references check kind and pixel size, not this. */
  readonly slot: AssetSlot;
  readonly size: number;
  readonly width?: number;
  readonly height?: number;
  readonly committedAt: string;
  readonly committedBy: string;
  /** When the clean-up first found nothing referring to it; cleared when it is referred to again. */
  readonly unreferencedSince?: string | null;
}

/** Where asset and upload records are kept (Cosmos DB in `adapters/cosmos`). */
export interface AssetRepository {
  createUpload(upload: UploadRecord): Promise<void>;
  getUpload(accountId: string, uploadId: string): Promise<UploadRecord | undefined>;
  deleteUpload(accountId: string, uploadId: string): Promise<void>;
  /** Creates the record unless one exists; answers the stored record either way. */
  createAsset(asset: AssetRecord): Promise<AssetRecord>;
  getAssets(accountId: string, assetIds: readonly string[]): Promise<AssetRecord[]>;
  setUnreferencedSince(accountId: string, assetId: string, since: string | null): Promise<void>;
  deleteAsset(accountId: string, assetId: string): Promise<void>;
  /** Uploads of every account created before `before` (never committed: commits delete them). */
  listUploadsCreatedBefore(before: string): AsyncIterable<UploadRecord>;
  /** Every account that holds assets. */
  listAccountsWithAssets(): Promise<string[]>;
  listAssets(accountId: string): Promise<AssetRecord[]>;
  /**
   * Every asset id that the account's drafts and submissions refer to. Section history does
   * not count: it records what was saved, not what is in use.
   */
  referencedAssetIds(accountId: string): Promise<Set<string>>;
}

/** The blob side the use-cases need (implemented by `adapters/blob/assetStore.ts`). */
export interface AssetBlobs {
  uploadUrl(accountId: string, uploadId: string): Promise<{ url: string; expiresOn: Date }>;
  readUpload(
    accountId: string,
    uploadId: string,
    maxBytes: number,
  ): Promise<{ status: 'missing' } | { status: 'tooLarge'; size: number } | { status: 'ok'; bytes: Buffer }>;
  putUpload(accountId: string, uploadId: string, bytes: Buffer): Promise<void>;
  deleteUpload(accountId: string, uploadId: string): Promise<void>;
  putAsset(accountId: string, sha256: string, bytes: Buffer, contentType: string): Promise<void>;
  assetReadUrl(
    accountId: string,
    sha256: string,
    fileName?: string,
  ): Promise<{ url: string; expiresOn: Date }>;
  deleteAsset(accountId: string, sha256: string): Promise<void>;
  listUploads(): AsyncIterable<{ accountId: string; key: string; lastModified: Date }>;
}
