import { createHash } from 'node:crypto';

/**
 * The lead id of a contact request sent with an `Idempotency-Key`: derived from the customer,
 * the offer and the key, so every attempt of the same request names the same lead. A retry that
 * runs again (the first attempt's key was released after a 5xx, or taken over after its host
 * stopped) then finds the lead already stored instead of storing a second one. A UUID in form
 * (version 8: name-based, SHA-256).
 */
export function contactRequestLeadId(customerId: string, listingId: string, idempotencyKey: string): string {
  const hex = createHash('sha256')
    .update(`contactRequest\n${customerId}\n${listingId}\n${idempotencyKey}`)
    .digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
