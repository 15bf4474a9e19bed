import type { Reply, Route } from './createStandInServer';

/** `status` answers that HTTP status (500 by default); `timeout` never answers. */
export interface FailureMode {
  mode: 'status' | 'timeout';
  status?: number;
}

/**
 * Failure injection for a stand-in: the next `count` calls of a target (an operation name such
 * as `deployment` or `marketo`) fail the given way, so retries and back-off can be tested.
 * Set in-process (tests) or over HTTP: POST /_admin/failures {"target","count","mode","status"};
 * DELETE /_admin/failures clears every switch.
 */
export class FailureSwitches {
  private readonly pending = new Map<string, { remaining: number; failure: FailureMode }>();

  failNext(target: string, count: number, failure: FailureMode = { mode: 'status', status: 500 }): void {
    if (count <= 0) this.pending.delete(target);
    else this.pending.set(target, { remaining: count, failure });
  }

  clear(): void {
    this.pending.clear();
  }

  /** Consumes one failure of `target`, if armed, and returns the reply to give instead. */
  take(target: string): Reply | undefined {
    const armed = this.pending.get(target);
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.pending.delete(target);
    if (armed.failure.mode === 'timeout') return 'hold';
    const status = armed.failure.status ?? 500;
    return {
      status,
      json: { error: { code: 'InjectedFailure', message: `${target}: injected failure (${status})` } },
    };
  }

  routes(): Route[] {
    return [
      {
        method: 'POST',
        pattern: /^\/_admin\/failures$/,
        handle: (ctx) => {
          const b = ctx.json<{
            target?: string;
            count?: number;
            mode?: 'status' | 'timeout';
            status?: number;
          }>();
          if (!b?.target || !Number.isInteger(b.count)) {
            return { status: 400, json: { error: 'target (string) and count (integer) are required' } };
          }
          this.failNext(b.target, b.count ?? 0, { mode: b.mode ?? 'status', status: b.status ?? 500 });
          return { status: 204 };
        },
      },
      { method: 'DELETE', pattern: /^\/_admin\/failures$/, handle: () => (this.clear(), { status: 204 }) },
    ];
  }
}
