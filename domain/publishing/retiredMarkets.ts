/** A market an offer is no longer sold in, kept so that customers who acquired it there keep access. */
export interface RetiredMarket {
  readonly market: string;
  /** The live version that stopped selling in the market. */
  readonly removedInVersion: number;
  readonly removedAt: string;
}

/**
 * The retired markets of a new live version (SPEC "Publishing": removing a market stops new
 * acquisitions only): those retired before, plus the markets the previous live version was sold
 * in and the new one is not; a market sold again leaves the list. Listing by market (new
 * acquisitions) looks at `markets` only; the listing itself stays readable, with this record, for
 * the customers who have it. Pure.
 */
export function retiredMarkets(
  previous:
    { readonly markets: readonly string[]; readonly retiredMarkets?: readonly RetiredMarket[] } | undefined,
  nextMarkets: readonly string[],
  version: number,
  at: string,
): RetiredMarket[] {
  const sold = new Set(nextMarkets);
  const kept = (previous?.retiredMarkets ?? []).filter((r) => !sold.has(r.market));
  const known = new Set(kept.map((r) => r.market));
  const removedNow = (previous?.markets ?? [])
    .filter((m) => !sold.has(m) && !known.has(m))
    .map((market) => ({ market, removedInVersion: version, removedAt: at }));
  return [...kept, ...removedNow];
}
