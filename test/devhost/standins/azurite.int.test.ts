import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { blobClient, stackInfo } from '../../support/stack';

describe('Azurite (Blob Storage stand-in)', () => {
  it('When a blob is uploaded with the real @azure/storage-blob client over HTTPS, then it downloads identical', async () => {
    expect(stackInfo().urls.blob).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
    const container = blobClient().getContainerClient(`roundtrip-${randomUUID().slice(0, 8)}`);
    await container.createIfNotExists();
    const content = Buffer.from(`asset ${randomUUID()}`);
    await container
      .getBlockBlobClient('logo.png')
      .uploadData(content, { blobHTTPHeaders: { blobContentType: 'image/png' } });

    const blob = container.getBlockBlobClient('logo.png');
    expect((await blob.downloadToBuffer()).equals(content)).toBe(true);
    expect((await blob.getProperties()).contentType).toBe('image/png');
  });

  it('When a bearer token is used (OAuth basic), then a user delegation key is issued, as in Azure', async () => {
    // Azurite in OAuth "basic" mode checks a token's shape, audience and lifetime, not its signature.
    const now = Math.floor(Date.now() / 1000);
    const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${part({ alg: 'none', typ: 'JWT' })}.${part({
      aud: 'https://storage.azure.com',
      iss: 'https://sts.windows.net/ab1f708d-50f6-404c-a006-d71b2ac7a606/',
      tid: 'ab1f708d-50f6-404c-a006-d71b2ac7a606',
      oid: randomUUID(),
      iat: now,
      nbf: now - 60,
      exp: now + 3600,
    })}.signature`;
    const client = new BlobServiceClient(stackInfo().urls.blob, {
      getToken: () => Promise.resolve({ token, expiresOnTimestamp: (now + 3600) * 1000 }),
    });
    const key = await client.getUserDelegationKey(new Date(), new Date(Date.now() + 3600_000));
    expect(key.value).toMatch(/.+/);
  });
});
