import { createHash, hkdfSync } from 'node:crypto';

/**
 * The Standard Webhooks secret (`whsec_<base64>`) that signs the leads sent to one HTTPS
 * endpoint. Derived, not stored: HKDF-SHA256 of the app's root key with the account, the offer
 * and a hash of the endpoint URL as context, so each destination has its own secret, a new URL
 * gets a new one, and one publisher's secret says nothing about another's. The publisher reads
 * it from `GET /api/offers/{offerId}/leads/signing-secret` to verify what arrives.
 */
export function leadSigningSecret(
  rootKey: Buffer,
  destination: { accountId: string; offerId: string; httpsEndpointUrl: string },
): string {
  const urlHash = createHash('sha256').update(destination.httpsEndpointUrl).digest('hex');
  const info = ['marketplace-lead-signing-v1', destination.accountId, destination.offerId, urlHash].join(
    '\n',
  );
  const key = Buffer.from(hkdfSync('sha256', rootKey, Buffer.alloc(0), info, 32));
  return `whsec_${key.toString('base64')}`;
}
