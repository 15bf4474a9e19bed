import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { AssetStore } from '../../../adapters/blob/assetStore';
import { sha256Hex } from '../../../domain/assets/checkAssetContent';
import { pngOfSize } from '../../support/assetFixtures';
import { azuriteTokenCredential } from '../../support/azuriteTokenCredential';
import { assetsStorageSettings } from '../../support/assetsStorageSettings';

/** PUT a blob through a SAS URL the way a browser or `curl -T` would. */
async function putThroughSas(url: string, bytes: Buffer): Promise<Response> {
  return fetch(url, {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/octet-stream' },
    body: bytes,
  });
}

const settings = assetsStorageSettings();
const accountId = `acct-${randomUUID().slice(0, 8)}`;

describe.each([
  [
    'service SAS (shared key, as locally)',
    () => BlobServiceClient.fromConnectionString(settings.connectionString),
  ],
  [
    'user delegation SAS (bearer token, as in Azure)',
    () => new BlobServiceClient(settings.blobEndpoint, azuriteTokenCredential()),
  ],
] as const)('AssetStore with %s', (_name, makeClient) => {
  const store = new AssetStore(makeClient());

  beforeAll(async () => {
    await store.ensureContainers();
  });

  test('When the client PUTs through the upload URL, then the upload holds exactly its bytes', async () => {
    const uploadId = randomUUID();
    const bytes = pngOfSize(48, 48);
    const { url, expiresOn } = await store.uploadUrl(accountId, uploadId);
    expect(expiresOn.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(new URL(url).searchParams.get('sp')).toBe('c');

    const put = await putThroughSas(url, bytes);

    expect(put.status).toBe(201);
    expect(await store.readUpload(accountId, uploadId, 1024 * 1024)).toEqual({ status: 'ok', bytes });
  });

  test('When the upload URL is used to read, list or overwrite, then the service refuses', async () => {
    const uploadId = randomUUID();
    const { url } = await store.uploadUrl(accountId, uploadId);
    expect((await putThroughSas(url, Buffer.from('first'))).status).toBe(201);

    const overwrite = await putThroughSas(url, Buffer.from('second'));
    const read = await fetch(url);
    const list = await fetch(
      url.replace(`/${encodeURIComponent(accountId)}/${uploadId}?`, '?restype=container&comp=list&'),
    );
    const del = await fetch(url, { method: 'DELETE' });

    expect(overwrite.status).toBeGreaterThanOrEqual(400);
    expect(read.status).toBe(403);
    expect(list.status).toBe(403);
    expect(del.status).toBe(403);
    expect(await store.readUpload(accountId, uploadId, 1024)).toEqual({
      status: 'ok',
      bytes: Buffer.from('first'),
    });
  });

  test('When the upload URL is used for another blob name, then the signature does not match', async () => {
    const { url } = await store.uploadUrl(accountId, randomUUID());
    const other = url.replace(/\/[0-9a-f-]{36}\?/, `/${randomUUID()}?`);
    expect((await putThroughSas(other, Buffer.from('x'))).status).toBe(403);
  });

  test('When the upload URL has expired, then the service refuses it', async () => {
    const halfAnHourAgo = new AssetStore(makeClient(), { now: () => new Date(Date.now() - 30 * 60_000) });
    const { url } = await halfAnHourAgo.uploadUrl(accountId, randomUUID());
    expect((await putThroughSas(url, Buffer.from('late'))).status).toBe(403);
  });

  test('When an upload is larger than the cap, then it is reported too large without being read', async () => {
    const uploadId = randomUUID();
    await store.putUpload(accountId, uploadId, Buffer.alloc(2048, 1));
    expect(await store.readUpload(accountId, uploadId, 1024)).toEqual({ status: 'tooLarge', size: 2048 });
  });

  test('When an upload does not exist, then it reads as missing', async () => {
    expect(await store.readUpload(accountId, randomUUID(), 1024)).toEqual({ status: 'missing' });
  });

  test('When an asset is stored, then a read URL serves its bytes and type and expires within minutes', async () => {
    const bytes = pngOfSize(216, 216);
    const sha = sha256Hex(bytes);
    await store.putAsset(accountId, sha, bytes, 'image/png');

    const { url, expiresOn } = await store.assetReadUrl(accountId, sha);
    const res = await fetch(url);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect(new URL(url).searchParams.get('sp')).toBe('r');
    expect(expiresOn.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
  });

  test('When the read URL is used to write, then the service refuses', async () => {
    const bytes = pngOfSize(48, 48, 3);
    const sha = sha256Hex(bytes);
    await store.putAsset(accountId, sha, bytes, 'image/png');
    const { url } = await store.assetReadUrl(accountId, sha);
    expect((await putThroughSas(url, Buffer.from('replaced'))).status).toBe(403);
    expect(await store.readAsset(accountId, sha)).toEqual(bytes);
  });

  test('When an asset or its container is fetched without a SAS, then the service refuses: nothing is public', async () => {
    const bytes = pngOfSize(255, 115, 5);
    const sha = sha256Hex(bytes);
    await store.putAsset(accountId, sha, bytes, 'image/png');
    const signed = new URL((await store.assetReadUrl(accountId, sha)).url);
    const bare = `${signed.origin}${signed.pathname}`;
    // The blob name is <account>/<sha256>: the container URL is two segments up.
    const container = bare.slice(0, bare.lastIndexOf('/', bare.lastIndexOf('/') - 1));

    const blob = await fetch(bare);
    const list = await fetch(`${container}?restype=container&comp=list`);

    expect((await fetch(signed)).status).toBe(200);
    expect([401, 403, 404]).toContain(blob.status);
    expect([401, 403, 404]).toContain(list.status);
  });

  test('When an asset is put again under the same hash, then the stored bytes never change', async () => {
    const bytes = pngOfSize(48, 48, 4);
    const sha = sha256Hex(bytes);
    await store.putAsset(accountId, sha, bytes, 'image/png');
    await store.putAsset(accountId, sha, Buffer.from('different bytes'), 'image/png');
    expect(await store.readAsset(accountId, sha)).toEqual(bytes);
  });

  test('When an asset is deleted, then it reads as missing and deleting again is harmless', async () => {
    const bytes = pngOfSize(48, 48, 5);
    const sha = sha256Hex(bytes);
    await store.putAsset(accountId, sha, bytes, 'image/png');
    await store.deleteAsset(accountId, sha);
    await store.deleteAsset(accountId, sha);
    expect(await store.readAsset(accountId, sha)).toBeUndefined();
  });

  test('When uploads and assets are listed, then each names its account and key', async () => {
    const uploadId = randomUUID();
    await store.putUpload(accountId, uploadId, Buffer.from('listed'));
    const uploads = [];
    for await (const blob of store.listUploads()) if (blob.accountId === accountId) uploads.push(blob.key);
    expect(uploads).toContain(uploadId);
  });
});

describe('AssetStore signing', () => {
  test('When the client holds the account key, then SAS are service SAS; with a token, user delegation SAS', async () => {
    const keyed = new AssetStore(BlobServiceClient.fromConnectionString(settings.connectionString));
    const token = new AssetStore(new BlobServiceClient(settings.blobEndpoint, azuriteTokenCredential()));
    const keyedUrl = new URL((await keyed.uploadUrl('a', randomUUID())).url);
    const tokenUrl = new URL((await token.uploadUrl('a', randomUUID())).url);
    expect(keyed.sasKind).toBe('service');
    expect(token.sasKind).toBe('userDelegation');
    expect(keyedUrl.searchParams.has('skoid')).toBe(false);
    expect(tokenUrl.searchParams.get('skoid')).toBeTruthy();
    expect(tokenUrl.searchParams.get('spr')).toBe('https');
  });
});
