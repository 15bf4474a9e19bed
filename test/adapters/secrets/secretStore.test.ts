import { randomBytes } from 'node:crypto';
import { aesGcmSecretStore } from '../../../adapters/secrets/secretStore';

describe('aesGcmSecretStore', () => {
  const store = aesGcmSecretStore(randomBytes(32).toString('base64'));

  it('When a secret is sealed, then the sealed form hides it and opens back to it in the same context', async () => {
    const sealed = await store.seal('s3cret-value', 'acc/offer/test-drive/subscription/appClientSecret');

    expect(sealed).not.toContain('s3cret');
    expect(sealed).toMatch(/^v1\./);
    await expect(store.open(sealed, 'acc/offer/test-drive/subscription/appClientSecret')).resolves.toBe('s3cret-value');
  });

  it('When the same secret is sealed twice, then the sealed forms differ (random IV)', async () => {
    expect(await store.seal('x', 'c')).not.toBe(await store.seal('x', 'c'));
  });

  it('When a sealed value is opened in another context, with another key, or tampered with, then it does not open', async () => {
    const sealed = await store.seal('s3cret', 'acc-a/offer/setup/x');
    const other = aesGcmSecretStore(randomBytes(32).toString('base64'));
    const parts = sealed.split('.');
    parts[2] = Buffer.from('tampered').toString('base64url');

    await expect(store.open(sealed, 'acc-b/offer/setup/x')).rejects.toThrow('does not open');
    await expect(other.open(sealed, 'acc-a/offer/setup/x')).rejects.toThrow('does not open');
    await expect(store.open(parts.join('.'), 'acc-a/offer/setup/x')).rejects.toThrow();
  });

  it('When the key is not 32 bytes, then the store refuses to start', () => {
    expect(() => aesGcmSecretStore(randomBytes(16).toString('base64'))).toThrow('32 bytes');
  });
});
