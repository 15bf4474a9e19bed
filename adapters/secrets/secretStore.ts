import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Seals write-only secrets (test drive client secrets, CRM credentials) before they are stored,
 * and opens them for the code that must use them (provisioning, lead delivery). `context` names
 * where the secret belongs (account, offer, field) and is bound to the sealed value, so a sealed
 * value copied to another offer or field does not open.
 */
export interface SecretStore {
  seal(plaintext: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
}

const version = 'v1';
const ivBytes = 12;
const tagBytes = 16;

/**
 * AES-256-GCM with a random 96-bit IV per secret and the context as additional authenticated
 * data. Sealed form: `v1.<iv>.<ciphertext>.<tag>` (base64url). The key comes from the
 * SECRETS_ENCRYPTION_KEY setting (in Azure a Key Vault reference, so the key stays in Key Vault).
 */
export function aesGcmSecretStore(keyBase64: string): SecretStore {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('SECRETS_ENCRYPTION_KEY must be 32 bytes (base64)');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, ciphertext, cipher.getAuthTag()].map((b) => b.toString('base64url'));
      return Promise.resolve([version, ...parts].join('.'));
    },
    open(sealed, context) {
      const [tag, ivText, ciphertextText, authTagText] = sealed.split('.');
      if (tag !== version || !ivText || ciphertextText === undefined || !authTagText) {
        return Promise.reject(new Error('Sealed secret has an unknown format'));
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'), {
        authTagLength: tagBytes,
      });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(authTagText, 'base64url'));
      try {
        const plaintext = Buffer.concat([
          decipher.update(Buffer.from(ciphertextText, 'base64url')),
          decipher.final(),
        ]);
        return Promise.resolve(plaintext.toString('utf8'));
      } catch {
        // Never include the value: a failed open means a wrong key, context or a tampered value.
        return Promise.reject(new Error('Sealed secret does not open with this key and context'));
      }
    },
  };
}
