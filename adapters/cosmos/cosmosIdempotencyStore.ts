import type { Container } from '@azure/cosmos';
import { idempotencyKeyRetentionSeconds, type IdempotencyRecord, type StoredResponse } from '../../domain/publishing/idempotency';
import { transientCosmosFailure } from './transientCosmosFailure';

interface IdempotencyDocument extends IdempotencyRecord {
  id: string;
  ttl: number;
  _etag?: string;
}

/** The key is this request's (`etag` is its claim's), or it is taken by `existing`. */
export type IdempotencyClaim =
  | { readonly claimed: true; readonly etag: string }
  | { readonly existing: IdempotencyRecord; readonly etag: string };

/** Pauses before each background attempt to settle a claim: about 15 s in all, well inside the lock. */
const settleDelaysMs = [200, 500, 1_000, 2_000, 4_000, 8_000];

/**
 * Idempotency-Key records in the `idempotencyKeys` container (partition key `/accountId`, so a
 * key is scoped to its account). The first request claims the key by creating the document
 * (a conflict means someone holds it); the response is stored on the same document. Every
 * document expires `idempotencyKeyRetentionSeconds` after it is written (Cosmos DB TTL).
 *
 * Completing and releasing are conditional on the claim's ETag, so they never touch a claim that
 * another request has taken over. When they fail with an unknown outcome (Cosmos DB timing out,
 * the connection cut), {@link settleSoon} finishes them in the background: otherwise a claim left
 * behind would answer every retry "still in progress" until its lock ran out.
 */
export class CosmosIdempotencyStore {
  constructor(private readonly container: Container) {}

  /** Claims the key; answers the existing record (with its ETag) when it is taken. */
  async claim(record: IdempotencyRecord): Promise<IdempotencyClaim> {
    const doc = this.document(record);
    try {
      const { resource } = await this.container.items.create(doc);
      return { claimed: true, etag: resource?._etag ?? '' };
    } catch (err) {
      if ((err as { code?: number }).code !== 409) {
        // Outcome unknown (lost answer, timeout): when the stored claim is this very record, the
        // create went through and the key is ours; otherwise the failure stands (503).
        if (transientCosmosFailure(err) === undefined) throw err;
        const stored = await this.read(record).catch((readError: unknown) => {
          // Not even known whether the claim exists: it must not outlive this failed request.
          this.settleSoon(record);
          throw readError;
        });
        if (stored && isHeldBy(stored, record)) return { claimed: true, etag: stored._etag ?? '' };
        throw err;
      }
    }
    const existing = await this.read(record);
    if (!existing) return this.claim(record);
    return { existing, etag: existing._etag ?? '' };
  }

  /** Takes over an abandoned claim (its request died before storing a response); answers the new ETag, or undefined when another request was first. */
  async takeOver(record: IdempotencyRecord, etag: string): Promise<string | undefined> {
    try {
      const { resource } = await this.container
        .item(docId(record.scopedKey), record.accountId)
        .replace(this.document(record), { accessCondition: { type: 'IfMatch', condition: etag } });
      return resource?._etag ?? '';
    } catch (err) {
      if ((err as { code?: number }).code === 412) return undefined;
      if (transientCosmosFailure(err) !== undefined) this.settleSoon(record);
      throw err;
    }
  }

  /**
   * Says this request is still running (a conditional replace): answers the claim's new ETag, or
   * undefined when the claim is no longer this request's (taken over, or gone).
   */
  async renew(record: IdempotencyRecord, etag: string, at: Date): Promise<string | undefined> {
    try {
      const { resource } = await this.container
        .item(docId(record.scopedKey), record.accountId)
        .replace({ ...this.document(record), renewedAt: at.toISOString() }, { accessCondition: { type: 'IfMatch', condition: etag } });
      return resource?._etag ?? '';
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === 412 || code === 404) return undefined;
      throw err;
    }
  }

  /** Stores the response on this request's claim; a claim taken over meanwhile is left alone. */
  async complete(record: IdempotencyRecord, etag: string, response: StoredResponse): Promise<void> {
    try {
      await this.container
        .item(docId(record.scopedKey), record.accountId)
        .replace({ ...this.document(record), response }, { accessCondition: { type: 'IfMatch', condition: etag } });
    } catch (err) {
      if ((err as { code?: number }).code !== 412) throw err;
    }
  }

  /** Releases this request's claim (it failed before changing anything), so a retry runs again. */
  async release(record: IdempotencyRecord, etag: string): Promise<void> {
    try {
      await this.container
        .item(docId(record.scopedKey), record.accountId)
        .delete({ accessCondition: { type: 'IfMatch', condition: etag } });
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code !== 404 && code !== 412) throw err;
    }
  }

  /**
   * Completes (with `response`) or releases (without) this request's claim in the background,
   * retrying until it is done or is no longer this request's. Reads the claim first, so it is
   * safe whatever the earlier attempt did. Best effort: if the process dies, the lock
   * (idempotencyLockSeconds) still frees the key.
   */
  settleSoon(record: IdempotencyRecord, response?: StoredResponse): void {
    const attempt = async (index: number): Promise<void> => {
      try {
        await this.settle(record, response);
      } catch {
        const delay = settleDelaysMs[index + 1];
        if (delay !== undefined) setTimeout(() => void attempt(index + 1), delay).unref();
      }
    };
    setTimeout(() => void attempt(0), settleDelaysMs[0]).unref();
  }

  private async settle(record: IdempotencyRecord, response: StoredResponse | undefined): Promise<void> {
    const stored = await this.read(record);
    if (!stored || !isHeldBy(stored, record)) return;
    const etag = stored._etag ?? '';
    if (response) await this.complete(record, etag, response);
    else await this.release(record, etag);
  }

  private async read(record: IdempotencyRecord): Promise<IdempotencyDocument | undefined> {
    const { resource } = await this.container.item(docId(record.scopedKey), record.accountId).read<IdempotencyDocument>();
    return resource;
  }

  private document(record: IdempotencyRecord): IdempotencyDocument {
    return { ...record, id: docId(record.scopedKey), ttl: idempotencyKeyRetentionSeconds };
  }
}

/** Still the claim of the request `record` stands for, and still without a response. */
function isHeldBy(stored: IdempotencyRecord, record: IdempotencyRecord): boolean {
  return stored.claimToken === record.claimToken && stored.response === undefined;
}

/** Cosmos ids may not contain '/', '\\', '?', '#': the key is encoded. */
function docId(scopedKey: string): string {
  return Buffer.from(scopedKey).toString('base64url');
}
