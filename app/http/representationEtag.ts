import { createHash } from 'node:crypto';

/**
 * A weak ETag for a derived representation (lists, history, review) that has no stored version
 * of its own: it changes whenever the content does. Writes never accept it (they need the strong
 * ETag of the resource itself).
 */
export function representationEtag(body: unknown): string {
  return `W/"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
}
