import {
  BlobSASPermissions,
  type BlobGenerateSasUrlOptions,
  type BlobServiceClient,
  type ContainerClient,
  RestError,
  SASProtocol,
  StorageSharedKeyCredential,
  type UserDelegationKey,
} from '@azure/storage-blob';

/**
 * The blob side of listing assets. Two private containers (the same names `infra/` creates):
 * - `uploads`: where a client puts a new file through a write-only SAS, at
 *   `<account>/<uploadId>`. Nothing here is trusted or served; a blob lives until it is
 *   committed (then deleted) or the clean-up timer removes it.
 * - `assets`: committed files at `<account>/<sha256>`, written once by the app from the very
 *   bytes it checked and never overwritten (create-only writes), so an id always means the same
 *   bytes. Readers get a short-lived read-only SAS for one blob; nothing is public.
 *
 * SAS URLs are signed with the account key when the client holds one (Azurite) and with a user
 * delegation key otherwise (Azure, managed identity, shared keys off). Azurite with HTTPS and
 * `--oauth basic` issues delegation keys too, so both paths run locally.
 */
export const UPLOADS_CONTAINER = 'uploads';
export const ASSETS_CONTAINER = 'assets';

export interface AssetStoreOptions {
  /** How long an upload SAS stays valid. Default 15 minutes. */
  readonly uploadSasTtlMs?: number;
  /** How long a read SAS stays valid. Default 15 minutes. */
  readonly readSasTtlMs?: number;
  /** Clock for SAS times (tests). */
  readonly now?: () => Date;
}

export interface SignedUrl {
  readonly url: string;
  readonly expiresOn: Date;
}

export type UploadRead =
  | { readonly status: 'missing' }
  | { readonly status: 'tooLarge'; readonly size: number }
  | { readonly status: 'ok'; readonly bytes: Buffer };

export interface StoredBlob {
  readonly accountId: string;
  /** The upload id (uploads) or the SHA-256 (assets). */
  readonly key: string;
  readonly lastModified: Date;
  readonly size: number;
}

const MINUTE = 60_000;
/**
 * SAS service version, pinned: the SDK's newest (2026-04-06 in storage-blob 12.32) signs user
 * delegation SAS with fields Azurite 3.35 does not know yet (it answers 403). Azure accepts older
 * versions indefinitely, so one version serves both.
 */
const SAS_VERSION = '2025-11-05';
/** SAS start times are backdated: a client clock a little behind the service's must still work. */
const CLOCK_SKEW_MS = 5 * MINUTE;
/** Delegation keys are fetched for this long and reused until 10 minutes before they lapse. */
const DELEGATION_KEY_TTL_MS = 60 * MINUTE;

export class AssetStore {
  private readonly uploads: ContainerClient;
  private readonly assets: ContainerClient;
  private readonly uploadSasTtlMs: number;
  private readonly readSasTtlMs: number;
  private readonly now: () => Date;
  private delegationKey: Promise<UserDelegationKey> | undefined;

  constructor(
    private readonly service: BlobServiceClient,
    options: AssetStoreOptions = {},
  ) {
    this.uploads = service.getContainerClient(UPLOADS_CONTAINER);
    this.assets = service.getContainerClient(ASSETS_CONTAINER);
    this.uploadSasTtlMs = options.uploadSasTtlMs ?? 15 * MINUTE;
    this.readSasTtlMs = options.readSasTtlMs ?? 15 * MINUTE;
    this.now = options.now ?? (() => new Date());
  }

  /** Whether SAS URLs are signed with the account key (service SAS) or a user delegation key. */
  get sasKind(): 'service' | 'userDelegation' {
    return this.service.credential instanceof StorageSharedKeyCredential ? 'service' : 'userDelegation';
  }

  /** Creates both containers if missing (local set-up; in Azure `infra/` creates them). */
  async ensureContainers(): Promise<void> {
    await Promise.all([this.uploads.createIfNotExists(), this.assets.createIfNotExists()]);
  }

  /**
   * A URL the client may use once, for a short while, to create the blob of one upload: create
   * permission only (no read, no overwrite, no delete, no list), on that one blob, HTTPS only
   * when the endpoint is HTTPS.
   */
  async uploadUrl(accountId: string, uploadId: string): Promise<SignedUrl> {
    const blob = this.uploads.getBlobClient(blobName(accountId, uploadId));
    return this.sign(blob, BlobSASPermissions.from({ create: true }), this.uploadSasTtlMs);
  }

  /** Reads an upload's bytes unless it is missing or larger than `maxBytes` (checked first, by its properties). */
  async readUpload(accountId: string, uploadId: string, maxBytes: number): Promise<UploadRead> {
    const blob = this.uploads.getBlockBlobClient(blobName(accountId, uploadId));
    try {
      const properties = await blob.getProperties();
      const size = properties.contentLength ?? 0;
      if (size > maxBytes) return { status: 'tooLarge', size };
      const bytes = await blob.downloadToBuffer(0, size);
      // The blob could have been replaced between the two calls only by a new create, which
      // the SAS forbids once it exists; still, never trust more than the cap.
      if (bytes.length > maxBytes) return { status: 'tooLarge', size: bytes.length };
      return { status: 'ok', bytes };
    } catch (error) {
      if (isStatus(error, 404)) return { status: 'missing' };
      throw error;
    }
  }

  /** Writes an upload directly (the small-file upload endpoint, and tests). */
  async putUpload(accountId: string, uploadId: string, bytes: Buffer): Promise<void> {
    await this.uploads
      .getBlockBlobClient(blobName(accountId, uploadId))
      .uploadData(bytes, { conditions: { ifNoneMatch: '*' } });
  }

  async deleteUpload(accountId: string, uploadId: string): Promise<void> {
    await this.uploads.getBlobClient(blobName(accountId, uploadId)).deleteIfExists();
  }

  /**
   * Stores checked bytes under their SHA-256. Create-only: when the blob already exists it holds
   * the same bytes (same hash, same account), so the write is skipped, never overwritten.
   */
  async putAsset(accountId: string, sha256: string, bytes: Buffer, contentType: string): Promise<void> {
    const blob = this.assets.getBlockBlobClient(blobName(accountId, sha256));
    try {
      await blob.uploadData(bytes, {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: {
          blobContentType: contentType,
          blobCacheControl: 'private, max-age=31536000, immutable',
        },
        metadata: { sha256 },
      });
    } catch (error) {
      if (isStatus(error, 409) || isStatus(error, 412)) return;
      throw error;
    }
  }

  async readAsset(accountId: string, sha256: string): Promise<Buffer | undefined> {
    try {
      return await this.assets.getBlobClient(blobName(accountId, sha256)).downloadToBuffer();
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /** A short-lived read-only URL for one committed asset, optionally served as a download named `fileName`. */
  async assetReadUrl(accountId: string, sha256: string, fileName?: string): Promise<SignedUrl> {
    const blob = this.assets.getBlobClient(blobName(accountId, sha256));
    return this.sign(blob, BlobSASPermissions.from({ read: true }), this.readSasTtlMs, {
      ...(fileName
        ? { contentDisposition: `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"` }
        : {}),
    });
  }

  async deleteAsset(accountId: string, sha256: string): Promise<void> {
    await this.assets.getBlobClient(blobName(accountId, sha256)).deleteIfExists();
  }

  /** Every upload blob, for the clean-up. */
  listUploads(): AsyncIterable<StoredBlob> {
    return listBlobs(this.uploads);
  }

  /** Every committed asset blob, for the clean-up. */
  listAssets(): AsyncIterable<StoredBlob> {
    return listBlobs(this.assets);
  }

  private async sign(
    blob: ReturnType<ContainerClient['getBlobClient']>,
    permissions: BlobSASPermissions,
    ttlMs: number,
    extra: Partial<BlobGenerateSasUrlOptions> = {},
  ): Promise<SignedUrl> {
    const now = this.now().getTime();
    const expiresOn = new Date(now + ttlMs);
    const options: BlobGenerateSasUrlOptions = {
      permissions,
      startsOn: new Date(now - CLOCK_SKEW_MS),
      expiresOn,
      protocol: blob.url.startsWith('https:') ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
      version: SAS_VERSION,
      ...extra,
    };
    if (this.sasKind === 'service') return { url: await blob.generateSasUrl(options), expiresOn };
    const key = await this.userDelegationKey(expiresOn);
    return { url: await blob.generateUserDelegationSasUrl(options, key), expiresOn };
  }

  /** One delegation key per process, renewed before a SAS would outlive it. */
  private async userDelegationKey(mustCover: Date): Promise<UserDelegationKey> {
    const current = this.delegationKey ? await this.delegationKey.catch(() => undefined) : undefined;
    if (current && new Date(current.signedExpiresOn).getTime() - 10 * MINUTE >= mustCover.getTime())
      return current;
    const now = this.now().getTime();
    this.delegationKey = this.service.getUserDelegationKey(
      new Date(now - CLOCK_SKEW_MS),
      new Date(Math.max(now + DELEGATION_KEY_TTL_MS, mustCover.getTime() + 10 * MINUTE)),
    );
    return this.delegationKey;
  }
}

/** `<account>/<key>`; the account id is URI-encoded so that any id makes one path segment. */
export function blobName(accountId: string, key: string): string {
  return `${encodeURIComponent(accountId)}/${key}`;
}

function parseBlobName(name: string): { accountId: string; key: string } | undefined {
  const slash = name.indexOf('/');
  if (slash <= 0) return undefined;
  try {
    return { accountId: decodeURIComponent(name.slice(0, slash)), key: name.slice(slash + 1) };
  } catch {
    return undefined;
  }
}

async function* listBlobs(container: ContainerClient): AsyncIterable<StoredBlob> {
  for await (const item of container.listBlobsFlat()) {
    const parsed = parseBlobName(item.name);
    if (!parsed) continue;
    yield { ...parsed, lastModified: item.properties.lastModified, size: item.properties.contentLength ?? 0 };
  }
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof RestError && error.statusCode === status;
}
