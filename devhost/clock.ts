import type { Clock } from './extension';

/** Longest single real wait; far below setTimeout's 2^31-1 ms limit, so waits of days or years are chunked. */
const maxRealWaitMs = 60 * 60 * 1000;

interface Sleeper {
  at: number;
  timer: NodeJS.Timeout | undefined;
  check(): void;
}

/**
 * Real time plus an offset that only grows (time skipping for tests). Every sleeper re-checks the
 * clock when its real timer fires and whenever the clock is advanced, so an advance past a due time
 * wakes it at once.
 */
export class HostClock implements Clock {
  #offsetMs: number;
  readonly #sleepers = new Set<Sleeper>();

  constructor(initialOffsetMs = 0) {
    this.#offsetMs = initialOffsetMs;
  }

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  /** How far the clock runs ahead of real time. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`Clock can only move forward by a finite, non-negative number of ms (got ${ms}).`);
    }
    this.#offsetMs += ms;
    for (const sleeper of [...this.#sleepers]) sleeper.check();
  }

  sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.now() >= at) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        finish();
        reject(abortReason(signal));
      };
      const finish = (): void => {
        if (sleeper.timer) clearTimeout(sleeper.timer);
        this.#sleepers.delete(sleeper);
        signal?.removeEventListener('abort', onAbort);
      };
      const sleeper: Sleeper = {
        at,
        timer: undefined,
        check: () => {
          if (sleeper.timer) clearTimeout(sleeper.timer);
          const remaining = at - this.now();
          if (remaining <= 0) {
            finish();
            resolve();
            return;
          }
          sleeper.timer = setTimeout(() => sleeper.check(), Math.min(remaining, maxRealWaitMs));
        },
      };
      this.#sleepers.add(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
      sleeper.check();
    });
  }

  /** Number of pending sleepers (for diagnostics and tests). */
  get pendingSleepers(): number {
    return this.#sleepers.size;
  }
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'Aborted');
}
