/**
 * Quotas on paid work (test drive starts, contact requests and the e-mails they cause): at most
 * `limit` admissions per `windowSeconds` per key (one customer, or one offer), counted with a
 * sliding window. Time is split into fixed windows; the admissions of the previous window count
 * in proportion to how much of it still overlaps the last `windowSeconds`:
 *
 *   allowed in the current window = limit - floor(previousCount x (1 - elapsed / window))
 *
 * This bounds every span of `windowSeconds` by about `limit` (a fixed window alone lets up to
 * twice the limit through around a window boundary) and needs only the two windows' counts.
 * Pure: the store keeps the counts (adapters/cosmos/cosmosQuotaStore.ts).
 */
export interface QuotaRule {
  /** Names the quota in the 429 answer, e.g. `testDriveStartsPerCustomer`. */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/** `<count>/<n><s|m|h|d>`, e.g. `10/1d`, `500/1h`: the app-setting form of a rate. */
export const RATE_PATTERN = /^([1-9]\d{0,4})\/([1-9]\d{0,6})([smhd])$/;

/** Longest window a rate may have (31 days): keeps the window arithmetic exact in integers. */
export const MAX_WINDOW_SECONDS = 31 * 86_400;

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Parses a rate setting (`10/1d`) into a limit and a window; undefined when malformed. */
export function parseRate(rate: string): { limit: number; windowSeconds: number } | undefined {
  const match = RATE_PATTERN.exec(rate.trim());
  if (!match) return undefined;
  const unit = match[3] as keyof typeof UNIT_SECONDS;
  const windowSeconds = Number(match[2]) * UNIT_SECONDS[unit];
  return windowSeconds <= MAX_WINDOW_SECONDS ? { limit: Number(match[1]), windowSeconds } : undefined;
}

/** Human form of a rule for messages: `10 per 1 d`. */
export function describeRate(rule: Pick<QuotaRule, 'limit' | 'windowSeconds'>): string {
  const w = rule.windowSeconds;
  const [n, unit] =
    w % 86_400 === 0
      ? [w / 86_400, 'day']
      : w % 3600 === 0
        ? [w / 3600, 'hour']
        : w % 60 === 0
          ? [w / 60, 'minute']
          : [w, 'second'];
  return `${rule.limit} per ${n === 1 ? '' : `${n} `}${unit}${n === 1 ? '' : 's'}`;
}

/** The fixed windows around `nowMs`: the current one's start and the previous one's start (ms). */
export function windowsAt(
  rule: QuotaRule,
  nowMs: number,
): { current: number; previous: number; elapsedFraction: number } {
  const size = rule.windowSeconds * 1000;
  const current = Math.floor(nowMs / size) * size;
  return { current, previous: current - size, elapsedFraction: (nowMs - current) / size };
}

/**
 * How many admissions the current window may hold at `nowMs`, given the previous window's count.
 * Never decreases while the window runs, so concurrent admissions that each stay under the cap
 * they computed never exceed the cap of the latest one.
 */
export function currentWindowCap(rule: QuotaRule, nowMs: number, previousCount: number): number {
  const size = rule.windowSeconds * 1000;
  const { current } = windowsAt(rule, nowMs);
  // In whole milliseconds (no fractions): floor(prev x remaining / size).
  return Math.max(0, rule.limit - Math.floor((previousCount * (size - (nowMs - current))) / size));
}

/**
 * Seconds until one more admission fits (at least 1), given both windows' counts at `nowMs`:
 * within the current window once enough of the previous one has slid out, else just after the
 * next window starts (when the current count becomes the previous one).
 */
export function retryAfterSeconds(
  rule: QuotaRule,
  nowMs: number,
  previousCount: number,
  currentCount: number,
): number {
  const size = rule.windowSeconds * 1000;
  const { current } = windowsAt(rule, nowMs);
  const at =
    firstFit(rule.limit, previousCount, currentCount, current, size) ??
    firstFit(rule.limit, currentCount, 0, current + size, size);
  // Beyond both windows nothing is counted any more.
  const when = at ?? current + 2 * size;
  return Math.max(1, Math.ceil((when - nowMs) / 1000));
}

/**
 * The earliest time in the window starting at `start` when `limit - floor(prev x (1 - f)) > cur`,
 * i.e. `prev x (1 - f) < limit - cur`; undefined when it never holds inside that window.
 */
function firstFit(limit: number, prev: number, cur: number, start: number, size: number): number | undefined {
  const room = limit - cur;
  if (room <= 0) return undefined;
  if (prev < room) return start;
  // prev x (size - e) < room x size  <=>  e > size x (prev - room) / prev: the first whole ms past it.
  const at = start + Math.floor((size * (prev - room)) / prev) + 1;
  return at < start + size ? at : undefined;
}
