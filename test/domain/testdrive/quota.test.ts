import fc from 'fast-check';
import {
  currentWindowCap,
  describeRate,
  parseRate,
  retryAfterSeconds,
  windowsAt,
  type QuotaRule,
} from '../../../domain/testdrive/quota';

const hourly: QuotaRule = { name: 'testDriveStartsPerOffer', limit: 10, windowSeconds: 3600 };
const HOUR = 3_600_000;
const start = 100 * HOUR; // a window boundary

describe('Quota rates and sliding windows', () => {
  it('When a rate setting is parsed, then count and window come out, and malformed ones are refused', () => {
    // Act + Assert
    expect(parseRate('10/1d')).toEqual({ limit: 10, windowSeconds: 86_400 });
    expect(parseRate('500/1h')).toEqual({ limit: 500, windowSeconds: 3600 });
    expect(parseRate('3/30s')).toEqual({ limit: 3, windowSeconds: 30 });
    expect(parseRate('5/15m')).toEqual({ limit: 5, windowSeconds: 900 });
    for (const bad of ['0/1h', '10', '10/h', '10/0h', '-1/1h', '10/1w', '1.5/1h', '10/32d', '100000/1h'])
      expect(parseRate(bad)).toBeUndefined();
    expect(describeRate({ limit: 10, windowSeconds: 86_400 })).toBe('10 per day');
    expect(describeRate({ limit: 3, windowSeconds: 7200 })).toBe('3 per 2 hours');
  });

  it('When the clock is inside a window, then the current and previous window starts are the fixed boundaries', () => {
    // Act
    const w = windowsAt(hourly, start + 15 * 60_000);

    // Assert
    expect(w).toEqual({ current: start, previous: start - HOUR, elapsedFraction: 0.25 });
  });

  it('When the previous window was full, then its admissions slide out in proportion to the time elapsed', () => {
    // Act + Assert: 10 last hour -> none at the boundary, 2 after 12 minutes, 5 at half past, all by the end
    expect(currentWindowCap(hourly, start, 10)).toBe(0);
    expect(currentWindowCap(hourly, start + 12 * 60_000, 10)).toBe(2);
    expect(currentWindowCap(hourly, start + 30 * 60_000, 10)).toBe(5);
    expect(currentWindowCap(hourly, start + HOUR - 1, 10)).toBe(10);
    expect(currentWindowCap(hourly, start + 30 * 60_000, 0)).toBe(10);
  });

  it('When the quota is used up, then Retry-After is the time until the cap rises above the current count', () => {
    // Act + Assert
    // 10 last hour, 2 now at minute 6: the third fits once more than 20% of the hour has passed (minute 12)
    expect(currentWindowCap(hourly, start + 6 * 60_000, 10)).toBe(1);
    expect(retryAfterSeconds(hourly, start + 6 * 60_000, 10, 2)).toBe(6 * 60 + 1);
    // 10 now (nothing last hour): just after the next window starts
    expect(retryAfterSeconds(hourly, start + 30 * 60_000, 0, 10)).toBe(30 * 60 + 1);
    // 10 last hour and 10 now: the next window starts with 10 behind it; the first fits just after its start
    expect(retryAfterSeconds(hourly, start + 59 * 60_000, 10, 10)).toBe(60 + 1);
  });

  it('When admissions follow Retry-After, then no span of one window ever holds more than the limit plus the rounding of the slide', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 4 * HOUR }), { minLength: 1, maxLength: 200 }),
        (limit, offsets) => {
          // Arrange: requests at random times; each admitted when the sliding window has room
          const rule: QuotaRule = { name: 'q', limit, windowSeconds: 3600 };
          const admitted: number[] = [];
          for (const t of [...offsets].sort((a, b) => a - b).map((o) => start + o)) {
            const { current, previous } = windowsAt(rule, t);
            const prev = admitted.filter((a) => a >= previous && a < current).length;
            const cur = admitted.filter((a) => a >= current).length;
            if (cur < currentWindowCap(rule, t, prev)) admitted.push(t);
            else expect(retryAfterSeconds(rule, t, prev, cur)).toBeGreaterThanOrEqual(1);
          }
          // Assert: any fixed window holds at most the limit, any sliding hour at most twice (the
          // approximation's worst case is well under that; the fixed-window bound is exact)
          for (const a of admitted) {
            const { current } = windowsAt(rule, a);
            expect(admitted.filter((b) => b >= current && b < current + HOUR).length).toBeLessThanOrEqual(
              limit,
            );
            expect(admitted.filter((b) => b > a - HOUR && b <= a).length).toBeLessThanOrEqual(2 * limit);
          }
        },
      ),
    );
  });

  it('When Retry-After says wait, then one more admission fits at that time and not a second earlier', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: HOUR - 1 }),
        (limit, prevRaw, curRaw, offset) => {
          // Arrange: a state where the cap is reached
          const rule: QuotaRule = { name: 'q', limit, windowSeconds: 3600 };
          const now = start + offset;
          const prev = Math.min(prevRaw, limit);
          const cap = currentWindowCap(rule, now, prev);
          const cur = Math.max(cap, Math.min(curRaw, limit));
          // Act
          const wait = retryAfterSeconds(rule, now, prev, cur);
          const at = now + wait * 1000;
          const { current } = windowsAt(rule, at);
          // Assert: at that time (counts moved to the window they belong to) the cap exceeds the count
          const [p, c] = current === start ? [prev, cur] : current === start + HOUR ? [cur, 0] : [0, 0];
          expect(currentWindowCap(rule, at, p)).toBeGreaterThan(c);
          if (wait > 1) {
            const before = now + (wait - 1) * 1000 - 1;
            const w = windowsAt(rule, before).current;
            const [p2, c2] = w === start ? [prev, cur] : [cur, 0];
            expect(currentWindowCap(rule, before, p2)).toBeLessThanOrEqual(c2);
          }
        },
      ),
    );
  });
});
