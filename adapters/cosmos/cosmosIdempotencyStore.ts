import type { Container } from '@azure/cosmos';
import { idempotencyKeyRetentionSeconds, type IdempotencyRecord, type StoredResponse } from '../../domain/publishing/idempotency';
import { transientCosmosFailure } from './transientCosmosFailure';

interface IdempotencyDocument extends IdempotencyRecord {
  id: string;
  ttl: number;
  _etag?: string;
}

/**
 * Idempotency-Key records in the `idempotencyKeys` container (partition key `/accountId`, so a
 * key is scoped to its account). The first request claims the key by creating the document
 * (a conflict means someone holds it); the response is stored on the same document. Every
 * document expires `idempotencyKeyRetentionSeconds` after it is written (Cosmos DB TTL).
 */
export class CosmosIdempotencyStore {
  constructor(private readonly container: Container) {}

  /** Claims the key; answers the existing record (with its ETag) when it is taken. */
  async claim(record: IdempotencyRecord): Promise<{ claimed: true } | { existing: IdempotencyRecord; etag: string }> {
    const doc: IdempotencyDocument = { ...record, id: docId(record.scopedKey), ttl: idempotencyKeyRetentionSeconds };
    try {
      await this.container.items.create(doc);
      return { claimed: true };
    } catch (err) {
      if ((err as { code?: number }).code !== 409) {
        // Outcome unknown (lost answer, timeout): when the stored claim is this very record, the
        // create went through and the key is ours; otherwise the failure stands (503).
        if (transientCosmosFailure(err) === undefined) throw err;
        const { resource } = await this.container.item(doc.id, record.accountId).read<IdempotencyDocument>();
        const ours = resource && !resource.response && resource.createdAt === record.createdAt && resource.fingerprint === record.fingerprint;
        if (ours) return { claimed: true };
        throw err;
      }
    }
    const { resource } = await this.container.item(doc.id, record.accountId).read<IdempotencyDocument>();
    if (!resource) return this.claim(record);
    return { existing: resource, etag: resource._etag ?? '' };
  }

  /** Takes over an abandoned claim (its request died before storing a response). */
  async takeOver(record: IdempotencyRecord, etag: string): Promise<boolean> {
    try {
      await this.container
        .item(docId(record.scopedKey), record.accountId)
        .replace({ ...record, id: docId(record.scopedKey), ttl: idempotencyKeyRetentionSeconds }, { accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 412) return false;
      throw err;
    }
  }

  async complete(record: IdempotencyRecord, response: StoredResponse): Promise<void> {
    await this.container.items.upsert({ ...record, response, id: docId(record.scopedKey), ttl: idempotencyKeyRetentionSeconds });
  }

  /** Releases a claim whose request failed before it changed anything, so a retry runs again. */
  async release(record: IdempotencyRecord): Promise<void> {
    try {
      await this.container.item(docId(record.scopedKey), record.accountId).delete();
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }
}

/** Cosmos ids may not contain '/', '\\', '?', '#': the key is encoded. */
function docId(scopedKey: string): string {
  return Buffer.from(scopedKey).toString('base64url');
}
