import type { Plugin } from '@azure/cosmos';
import { CosmosOutcomeUnknownError, markTransient, transientCosmosFailure } from './transientCosmosFailure';

/**
 * How safe it is to send a request again after a failure whose outcome is unknown:
 * - `safe`: reads and queries change nothing;
 * - `conditional`: a write that cannot apply twice (If-Match, create-if-absent, or a transactional
 *   batch that starts with one): a second copy fails its precondition instead of writing again;
 * - `unsafe`: anything else (upsert, unconditional replace or delete, patch, bulk).
 */
export type RetrySafety = 'safe' | 'conditional' | 'unsafe';

/** The SDK's request context (the package does not export its type by name). */
type RequestContext = Parameters<Plugin<unknown>>[0];

interface BatchOperationShape {
  operationType?: unknown;
  ifMatch?: unknown;
}

export function retrySafetyOf(
  context: Pick<RequestContext, 'method' | 'operationType' | 'headers' | 'body'>,
): RetrySafety {
  // The SDK's header names are mixed case ("If-Match"); compare them case-insensitively.
  const headers = new Map(Object.entries(context.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const header = (name: string): string => String(headers.get(name) ?? '').toLowerCase();
  if (String(context.method).toUpperCase() === 'GET') return 'safe';
  const operation = String(context.operationType ?? '');
  if (
    operation === 'read' ||
    operation === 'query' ||
    operation === 'queryPlan' ||
    header('x-ms-documentdb-isquery') === 'true'
  ) {
    return 'safe';
  }
  if (operation === 'create') return 'conditional';
  if (header('if-match') !== '') return 'conditional';
  if (operation === 'batch' && header('x-ms-cosmos-batch-atomic') === 'true') {
    // Atomic: when the first operation cannot apply twice, neither can the batch.
    const first = batchOperations(context.body)[0];
    const type = typeof first?.operationType === 'string' ? first.operationType.toLowerCase() : '';
    if (type === 'create' || (typeof first?.ifMatch === 'string' && first.ifMatch !== ''))
      return 'conditional';
  }
  return 'unsafe';
}

function batchOperations(body: unknown): BatchOperationShape[] {
  try {
    const parsed: unknown = typeof body === 'string' ? JSON.parse(body) : body;
    return Array.isArray(parsed) ? (parsed as BatchOperationShape[]) : [];
  } catch {
    return [];
  }
}

/** 412 (precondition lost) or 409 (already exists), as a thrown error or as a batch's first result. */
function lostPrecondition(outcome: { error?: { code?: unknown } | null; result?: unknown }): boolean {
  const isConflict = (code: unknown): boolean => code === 412 || code === 409;
  if (outcome.error !== undefined) return isConflict(outcome.error?.code);
  const first: unknown = Array.isArray(outcome.result) ? outcome.result[0] : undefined;
  return isConflict((first as { statusCode?: unknown } | undefined)?.statusCode);
}

/** Pause before the app's one extra attempt: long enough to let a blip pass, short for the caller. */
const retryDelayMs = (): number => 100 + Math.floor(Math.random() * 100);

/**
 * A per-request plugin of the SDK that sends a request once more after a transient failure the
 * SDK itself does not retry (503, 408, a timeout, a reset or refused connection), when that is
 * safe (see {@link retrySafetyOf}). Throttling (429) is left to the SDK's own policy. A request
 * that never left (connection refused) is always safe to send again. When a conditional write's
 * retry then finds its precondition gone, the first attempt may have done the write, so the
 * caller gets {@link CosmosOutcomeUnknownError} (503) instead of a misleading 412/409.
 *
 * It relies on being the only (or last) request plugin: the SDK's plugin chain then calls the
 * network directly each time `next` is called.
 */
export const cosmosSafeRetryPlugin: Plugin<unknown> = async (context, _diagnostics, next) => {
  try {
    return await sendWithSafeRetry(context, next);
  } catch (error) {
    // `container.items.batch` rethrows every failure as a new plain Error carrying only the
    // message ("Batch request error: ..."), losing the status code: the mark keeps it readable.
    throw String(context.operationType) === 'batch' ? markTransient(error) : error;
  }
};

async function sendWithSafeRetry(
  context: RequestContext,
  next: Parameters<Plugin<unknown>>[2],
): ReturnType<Plugin<unknown>> {
  try {
    return await next(context);
  } catch (first) {
    const failure = transientCosmosFailure(first);
    if (failure === undefined || failure.reason === 'throttled') throw first;
    const safety = failure.notSent ? 'safe' : retrySafetyOf(context);
    if (safety === 'unsafe') throw first;
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs()));
    let second: Awaited<ReturnType<typeof next>>;
    try {
      second = await next(context);
    } catch (error) {
      if (safety === 'conditional' && lostPrecondition({ error: error as { code?: unknown } | null }))
        throw new CosmosOutcomeUnknownError(first);
      throw error;
    }
    if (safety === 'conditional' && lostPrecondition({ result: second.result })) {
      throw new CosmosOutcomeUnknownError(first);
    }
    return second;
  }
}
