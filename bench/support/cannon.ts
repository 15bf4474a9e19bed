import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { percentile } from './stats';

/** What one endpoint family did in one phase. */
export interface FamilyStats {
  responses: number;
  seconds: number;
  /** Responses per second (all statuses). */
  rps: number;
  /** Latency of the 2xx answers, ms. */
  p50: number;
  p99: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Count per status code, e.g. { 200: 812, 412: 3 }. */
  statuses: Record<number, number>;
}

/** Latencies and statuses as they come in; `stats()` summarises them. */
export class Recorder {
  private readonly ok: number[] = [];
  private readonly statuses: Record<number, number> = {};
  private errors = 0;
  private count = 0;
  private readonly started = performance.now();
  private ended: number | undefined;

  record(status: number, ms: number): void {
    this.count++;
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) this.ok.push(ms);
  }

  error(): void {
    this.errors++;
  }

  /** Freezes the elapsed time (otherwise it runs until `stats()`). */
  end(): void {
    this.ended ??= performance.now();
  }

  stats(seconds?: number): FamilyStats {
    const elapsed = seconds ?? ((this.ended ?? performance.now()) - this.started) / 1000;
    return {
      responses: this.count,
      seconds: elapsed,
      rps: this.count / elapsed,
      p50: percentile(this.ok, 50),
      p99: percentile(this.ok, 99),
      non2xx: this.count - this.ok.length,
      errors: this.errors,
      statuses: { ...this.statuses },
    };
  }
}

export interface CannonRun {
  url: string;
  connections: number;
  durationSeconds: number;
  requests: autocannon.Request[];
  headers?: Record<string, string>;
}

/**
 * Runs autocannon and records every response itself (autocannon's own histogram keeps whole
 * milliseconds and 2xx only): precise latencies, all statuses.
 */
export async function cannon(run: CannonRun): Promise<FamilyStats> {
  const recorder = new Recorder();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: run.url,
        connections: run.connections,
        duration: run.durationSeconds,
        requests: run.requests,
        ...(run.headers ? { headers: run.headers } : {}),
        timeout: 30,
      },
      (err, done) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => recorder.record(status, responseTime));
    instance.on('reqError', () => recorder.error());
  });
  return recorder.stats(result.duration);
}
