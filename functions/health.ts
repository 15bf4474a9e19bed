import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { pingBlob } from '../adapters/blob/pingBlob';
import { pingCosmos } from '../adapters/cosmos/pingCosmos';
import { pingEmail } from '../adapters/email/pingEmail';
import { jsonResponse } from '../app/http/jsonResponse';
import { appLog } from '../app/telemetry/log';

export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

/** A dependency that does not answer within this is reported down, so the probe itself stays fast. */
const CHECK_TIMEOUT_MS = 3000;

const checks = {
  cosmos: () => pingCosmos(),
  blob: () => pingBlob(),
  email: (signal: AbortSignal) => pingEmail(signal),
} satisfies Record<string, (signal: AbortSignal) => Promise<void>>;

/**
 * `GET /api/health` (anonymous): Cosmos DB, Blob Storage and e-mail, each checked with one cheap
 * call, in parallel. 200 when all are up, 503 otherwise. Errors are reported by their first line
 * only; no setting or key is ever part of the answer.
 */
export async function health(_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const names = Object.keys(checks) as (keyof typeof checks)[];
  const results = await Promise.all(names.map((name) => timed(checks[name])));
  const dependencies = Object.fromEntries(names.map((name, i) => [name, results[i]])) as Record<
    keyof typeof checks,
    DependencyStatus
  >;
  const allUp = results.every((r) => r.status === 'up');
  if (!allUp) {
    appLog(context).warn(`health: down: ${names.filter((_, i) => results[i]?.status === 'down').join(', ')}`);
  }
  return jsonResponse(allUp ? 200 : 503, { status: allUp ? 'up' : 'down', dependencies });
}

async function timed(check: (signal: AbortSignal) => Promise<void>): Promise<DependencyStatus> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`));
    }, CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(controller.signal), timeout]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: firstLine(err) };
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message.split('\n')[0] ?? '').slice(0, 200);
}

app.http('health', {
  route: 'health',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: health,
});
