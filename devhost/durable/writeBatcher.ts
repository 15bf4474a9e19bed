import type { HubDoc } from './documents';
import type { HubStore } from './hubStore';

interface PendingWrite {
  doc: HubDoc;
  etag: string | undefined;
  resolve(etag: string): void;
  reject(err: unknown): void;
}

/** Upper bound of one bulk request's body (Cosmos DB accepts 2 MB per batch request). */
const MAX_BATCH_BYTES = 1_500_000;

/**
 * A request in flight longer than this no longer holds back the next batch (bulk requests take
 * milliseconds to a few hundred on a loaded machine). Without it one hung request held every
 * write of the engine until the request timeout ended it.
 */
const STALLED_AFTER_MS = 500;

/**
 * Group commit across documents: writes that arrive while bulk requests are in flight are sent
 * together in the next one. One document write per episode stays one write; the store sees far
 * fewer requests under load, which is what bounds throughput against the Cosmos DB stand-in.
 *
 * A document is serialised when its batch is sent, not when it is queued. That is safe because
 * the actors only change a document in synchronous steps that leave it consistent (an accepted
 * message moves into the inbox together with whatever it completes), and acknowledgements and
 * effects are released only for what was part of the state when the write was requested.
 */
export class WriteBatcher {
  readonly #store: HubStore;
  readonly #maxInFlight: number;
  readonly #maxBatch: number;
  #queue: PendingWrite[] = [];
  #inFlight = 0;
  /** Requests in flight for less than STALLED_AFTER_MS. */
  #young = 0;
  #scheduled = false;

  constructor(store: HubStore, maxInFlight: number, maxBatch = 100) {
    this.#store = store;
    this.#maxInFlight = maxInFlight;
    this.#maxBatch = maxBatch;
  }

  write(doc: HubDoc, etag: string | undefined): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.#queue.push({ doc, etag, resolve, reject });
      this.#schedule();
    });
  }

  /**
   * Sends at the end of the current turn of the event loop, not on the first write: a burst of
   * episodes (e.g. the activities whose effects one bulk response released, all completing in the
   * same turn) then shares one request instead of taking the free slots one document each. No
   * timer: an idle engine still writes at once (setImmediate runs after the pending I/O callbacks).
   */
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  /**
   * One request in flight collects the next batch while it runs (group commit); a further request
   * starts only when a full batch is waiting, or when the requests in flight are all stalled.
   * Measured on the Cosmos DB stand-in: letting every free slot take whatever was queued sent about
   * two documents per bulk request (13 now), and each request pays signing, headers, partition-key
   * hashing, diagnostics and an HTTP exchange.
   */
  #pump(): void {
    while (
      this.#queue.length > 0 &&
      this.#inFlight < this.#maxInFlight &&
      (this.#young === 0 || this.#queue.length >= this.#maxBatch)
    ) {
      const batch = this.#take();
      this.#inFlight++;
      this.#young++;
      let young = true;
      const grown = (): void => {
        if (!young) return;
        young = false;
        this.#young--;
      };
      const stalled = setTimeout(() => {
        grown();
        this.#pump();
      }, STALLED_AFTER_MS);
      stalled.unref();
      void this.#send(batch).finally(() => {
        clearTimeout(stalled);
        grown();
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  /** The next batch: at most one write per document (a later one waits for the next batch). */
  #take(): PendingWrite[] {
    const batch: PendingWrite[] = [];
    const ids = new Set<string>();
    const rest: PendingWrite[] = [];
    let bytes = 0;
    for (const item of this.#queue) {
      const size = approximateSize(item.doc);
      if (
        batch.length < this.#maxBatch &&
        !ids.has(item.doc.id) &&
        (batch.length === 0 || bytes + size <= MAX_BATCH_BYTES)
      ) {
        batch.push(item);
        ids.add(item.doc.id);
        bytes += size;
      } else rest.push(item);
    }
    this.#queue = rest;
    return batch;
  }

  async #send(batch: PendingWrite[]): Promise<void> {
    try {
      const results = await this.#store.writeMany(batch);
      batch.forEach((item, i) => {
        const result = results[i];
        if (typeof result === 'string') item.resolve(result);
        else item.reject(result ?? new Error('no result'));
      });
    } catch (err) {
      for (const item of batch) item.reject(err);
    }
  }
}

/** Cheap size estimate (history dominates): avoids serialising twice. */
function approximateSize(doc: HubDoc): number {
  return 'history' in doc ? 1024 + doc.history.length * 300 : 2048 + doc.recent.length * 40;
}
