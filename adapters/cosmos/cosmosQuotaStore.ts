import { randomInt } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { currentWindowCap, retryAfterSeconds, windowsAt, type QuotaRule } from '../../domain/testdrive/quota';
import type { Admission, QuotaStore, QuotaTicket } from '../../domain/testdrive/quotaStore';

interface TicketDocument {
  id: string;
  /** Partition key: one quota key (one customer, or one offer, for one kind of work). */
  key: string;
  windowSeconds: number;
  window: number;
  n: number;
  at: string;
  /** Expires once it can no longer count (two windows), with the container's TTL on. */
  ttl: number;
}

/** Conflicts on ticket numbers before the request gives up with a short Retry-After. */
const MAX_ATTEMPTS = 12;

/**
 * Quota admissions as ticket documents in the `quotas` container (partition = quota key): an
 * admission creates ticket `<window size>:<window start>:<n>` for a free number n below the
 * window's cap. Cosmos DB refuses a second create of the same id (409), so two requests never
 * hold the same number and a window never holds more tickets than its cap, whatever the number of
 * host instances, with no counter document to fight over (each key is its own partition, so no
 * document is shared across customers or offers). A request that loses a number re-reads and
 * tries another.
 */
export class CosmosQuotaStore implements QuotaStore {
  constructor(private readonly container: Container) {}

  async admit(key: string, rule: QuotaRule, nowMs: number): Promise<Admission> {
    const { current, previous } = windowsAt(rule, nowMs);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { resources } = await this.container.items
        .query<Pick<TicketDocument, 'window' | 'n'>>(
          {
            // The explicit key filter too: the local stand-in ignores the partition key on queries.
            query:
              'SELECT c.window, c.n FROM c WHERE c.key = @key AND c.windowSeconds = @size AND (c.window = @current OR c.window = @previous)',
            parameters: [
              { name: '@key', value: key },
              { name: '@size', value: rule.windowSeconds },
              { name: '@current', value: current },
              { name: '@previous', value: previous },
            ],
          },
          { partitionKey: key },
        )
        .fetchAll();
      const taken = new Set(resources.filter((r) => r.window === current).map((r) => r.n));
      const counts = { previous: resources.length - taken.size, current: taken.size };
      const cap = currentWindowCap(rule, nowMs, counts.previous);
      const n = randomFreeNumber(cap, taken);
      if (n === undefined)
        return {
          admitted: false,
          retryAfterSeconds: retryAfterSeconds(rule, nowMs, counts.previous, counts.current),
        };
      const doc: TicketDocument = {
        id: `${rule.windowSeconds}:${current}:${n}`,
        key,
        windowSeconds: rule.windowSeconds,
        window: current,
        n,
        at: new Date(nowMs).toISOString(),
        ttl: 2 * rule.windowSeconds + 60,
      };
      try {
        await this.container.items.create(doc);
        return { admitted: true, ticket: { key, id: doc.id } };
      } catch (err) {
        if ((err as { code?: number }).code !== 409) throw err;
      }
    }
    return { admitted: false, retryAfterSeconds: 1 };
  }

  async refund(ticket: QuotaTicket): Promise<void> {
    try {
      await this.container.item(ticket.id, ticket.key).delete();
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }
}

/**
 * A random number below `cap` that is not taken (concurrent requests mostly try different ones),
 * or undefined when all are. Costs O(taken), not O(cap): the r-th free number is found by
 * stepping over the taken ones below it.
 */
export function randomFreeNumber(cap: number, taken: ReadonlySet<number>): number | undefined {
  const below = [...taken].filter((t) => t >= 0 && t < cap).sort((a, b) => a - b);
  const freeCount = cap - below.length;
  if (freeCount <= 0) return undefined;
  let n = randomInt(freeCount);
  for (const t of below) {
    if (t <= n) n++;
    else break;
  }
  return n;
}
