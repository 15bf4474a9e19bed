/**
 * A client's view of a request to a host that may be killed under it: a connection error (reset,
 * refused while the host restarts, socket closed mid-answer) means the outcome is unknown, so
 * the caller must find out or retry idempotently. These helpers make that explicit and count it.
 */

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Counts of unknown outcomes (connection errors) per operation kind. */
export class UnknownOutcomes {
  readonly byKind: Record<string, number> = {};

  record(kind: string): void {
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
  }

  get total(): number {
    return Object.values(this.byKind).reduce((a, b) => a + b, 0);
  }
}

/** A fetch that failed without an HTTP answer (what a killed or restarting host looks like). */
export function isConnectionError(err: unknown): boolean {
  // By name, not instanceof: fetch's errors come from another realm than a jest test's globals.
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; message?: unknown; cause?: unknown };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  return e.name === 'TypeError' && /fetch failed|terminated|other side closed|socket/i.test(`${String(e.message)} ${String(e.cause)}`);
}

/** One JSON request; throws (a connection error) when no answer came. */
export async function requestJson<T = any>(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number },
): Promise<HttpAnswer<T>> {
  const res = await fetch(url, {
    method: init.method,
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  let body: unknown = undefined;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/**
 * Repeats `call` until it gets an HTTP answer, recording each connection error under `kind`.
 * Only for calls that are safe to repeat as they are (reads, and writes that are idempotent by
 * themselves or by an Idempotency-Key); anything else must find out what happened first.
 */
export async function untilAnswered<T>(
  kind: string,
  outcomes: UnknownOutcomes,
  call: () => Promise<T>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!isConnectionError(err) || Date.now() > deadline) throw err;
      outcomes.record(kind);
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
    }
  }
}
