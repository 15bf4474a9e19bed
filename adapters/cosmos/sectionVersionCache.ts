import type { SectionName } from '../../domain/offer/sectionNames';
import type { SectionSnapshot } from '../../domain/authoring/offerStore';

/**
 * The last section version this process read or wrote, per section, bounded (least recently used
 * out). Safe across instances because it is only consulted with an ETag: an ETag names exactly one
 * immutable version, so a hit returns what the database would. A version that is no longer current
 * is caught by the conditional write (412), never by trusting the cache.
 */
export class SectionVersionCache {
  private readonly entries = new Map<string, SectionSnapshot>();

  constructor(private readonly capacity: number) {}

  lookup(accountId: string, offerId: string, section: SectionName, etag: string): SectionSnapshot | undefined {
    const key = cacheKey(accountId, offerId, section);
    const entry = this.entries.get(key);
    if (entry === undefined || bare(entry.record.etag) !== bare(etag)) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  remember(accountId: string, offerId: string, snapshot: SectionSnapshot): void {
    const key = cacheKey(accountId, offerId, snapshot.record.section);
    this.entries.delete(key);
    this.entries.set(key, snapshot);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  forget(accountId: string, offerId: string, section: SectionName): void {
    this.entries.delete(cacheKey(accountId, offerId, section));
  }
}

function cacheKey(accountId: string, offerId: string, section: SectionName): string {
  return JSON.stringify([accountId, offerId, section]);
}

/** Cosmos DB ETags are quoted; some emulators' are not; HTTP clients send them quoted. */
function bare(etag: string): string {
  return etag.replace(/^"(.*)"$/, '$1');
}
