/**
 * Recognises a Cosmos DB failure that says "not now" rather than "no": throttling left over after
 * the SDK's own retries, the service unavailable or timing out, the connection refused or cut.
 * Such a failure is answered 503 with Retry-After (app/http/toAppError.ts); anything else is not
 * transient and keeps its own mapping.
 */

export type TransientReason = 'throttled' | 'unavailable' | 'timeout' | 'connection';

export interface TransientFailure {
  readonly reason: TransientReason;
  /** The service's own hint (`x-ms-retry-after-ms`), when it gave one. */
  readonly retryAfterMs?: number;
  /** The request never reached the service (connection refused): nothing can have been done. */
  readonly notSent: boolean;
}

/**
 * Thrown instead of a conditional write's answer when its first attempt failed with an unknown
 * outcome and the retry then lost its precondition (412) or found the document there (409): the
 * first attempt may have been the one that did it, so neither "done" nor "stale" would be true.
 */
export class CosmosOutcomeUnknownError extends Error {
  constructor(readonly original: unknown) {
    super('A Cosmos DB write failed with an unknown outcome (its retry found the precondition gone)');
    this.name = 'CosmosOutcomeUnknownError';
  }
}

/** Socket-level failures: the request may or may not have reached Cosmos DB (except ECONNREFUSED). */
const connectionCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  // @azure/core-rest-pipeline's code for a send that failed without a system error code.
  'REQUEST_SEND_ERROR',
]);

/** The transient failure `error` stands for (looking through `cause` chains), or undefined. */
export function transientCosmosFailure(error: unknown): TransientFailure | undefined {
  for (
    let current: unknown = error, depth = 0;
    current !== null && typeof current === 'object' && depth < 5;
    depth++
  ) {
    if (current instanceof CosmosOutcomeUnknownError) return transientCosmosFailure(current.original);
    const found = classify(current);
    if (found) return found;
    current = (current as ErrorShape).cause;
  }
  return undefined;
}

interface ErrorShape {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  retryAfterInMs?: unknown;
  headers?: Record<string, unknown>;
  cause?: unknown;
}

/** `[cosmos-transient reason=throttled retryAfterMs=1500 notSent=false]` (see {@link markTransient}). */
const markPattern =
  /\[cosmos-transient reason=(throttled|unavailable|timeout|connection)(?: retryAfterMs=(\d+))? notSent=(true|false)\]/;

/**
 * Appends the transient failure `error` stands for to its message, for the one SDK path that
 * rethrows failures as new plain Errors with the message only (transactional batch); returns it.
 */
export function markTransient(error: unknown): unknown {
  const failure = transientCosmosFailure(error);
  if (failure === undefined || !(error instanceof Error) || markPattern.test(error.message)) return error;
  const retryAfter =
    failure.retryAfterMs === undefined ? '' : ` retryAfterMs=${Math.round(failure.retryAfterMs)}`;
  error.message = `${error.message} [cosmos-transient reason=${failure.reason}${retryAfter} notSent=${failure.notSent}]`;
  return error;
}

function classify(error: ErrorShape): TransientFailure | undefined {
  const { code } = error;
  const mark = typeof error.message === 'string' ? markPattern.exec(error.message) : null;
  if (mark) {
    return {
      reason: mark[1] as TransientReason,
      notSent: mark[3] === 'true',
      ...(mark[2] !== undefined && { retryAfterMs: Number(mark[2]) }),
    };
  }
  const retryAfterMs = retryAfterOf(error);
  const withHint = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (code === 429) return { reason: 'throttled', notSent: false, ...withHint };
  // 449 RetryWith: a conflicting concurrent update inside the service; retrying is the cure.
  if (code === 503 || code === 449) return { reason: 'unavailable', notSent: false, ...withHint };
  if (code === 408 || code === 'TimeoutError' || error.name === 'TimeoutError') {
    return { reason: 'timeout', notSent: false, ...withHint };
  }
  if (typeof code === 'string' && connectionCodes.has(code)) {
    return { reason: 'connection', notSent: code === 'ECONNREFUSED' };
  }
  return undefined;
}

function retryAfterOf(error: ErrorShape): number | undefined {
  const raw = error.retryAfterInMs ?? error.headers?.['x-ms-retry-after-ms'];
  const ms = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
