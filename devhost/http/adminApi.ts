import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcTypedData } from '../core/coreTypes';
import type { Clock, RegisteredFunction } from '../extension';
import { readBody } from './readBody';

/** What the admin endpoints need from the host. */
export interface AdminHost {
  readonly state: () => 'Initialized' | 'Running' | 'Stopping';
  readonly startedAt: number;
  readonly functions: () => Iterable<RegisteredFunction>;
  readonly clock: Clock & { readonly offsetMs?: number };
  readonly timers: () => { name: string; schedule: string; next: string }[];
  /**
   * Runs a non-HTTP function now; a timer gets its timer payload, anything else `input`
   * (a string as string typed data, anything else as JSON).
   */
  readonly runNow: (functionName: string, input: RpcTypedData) => Promise<unknown>;
}

/**
 * The Core Tools-style admin API:
 * - `GET  /admin/host/status`       -> `{ state, version, uptimeMs }` (`state: "Running"` once the app is loaded)
 * - `GET  /admin/functions`         -> every registration (name, trigger, bindings; timers with their next run)
 * - `POST /admin/functions/{name}`  -> runs a non-HTTP function now; body `{"input": ...}`; 202 like Azure,
 *                                      or with `?wait=true` 200 `{invocationResult}` / 500 `{error}` once done
 * - `GET  /admin/clock`             -> `{ now, iso, offsetMs }`
 * - `POST /admin/clock/advance`     -> body `{"ms": n}`; moves the host clock forward, firing what became due
 */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  host: AdminHost,
  maxBodyBytes: number,
): Promise<void> {
  const path = url.pathname.replace(/\/+$/, '');
  const method = (req.method ?? 'GET').toUpperCase();

  if (path === '/admin/host/status' && method === 'GET') {
    return sendJson(res, 200, {
      state: host.state(),
      version: 'devhost',
      processUptime: Math.round(process.uptime() * 1000),
      uptimeMs: Date.now() - host.startedAt,
    });
  }
  if (path === '/admin/functions' && method === 'GET') {
    const timers = new Map(host.timers().map((t) => [t.name, t]));
    return sendJson(
      res,
      200,
      [...host.functions()].map((fn) => ({
        name: fn.name,
        trigger: fn.triggerType,
        bindings: fn.bindings,
        ...(timers.has(fn.name)
          ? { schedule: timers.get(fn.name)?.schedule, next: timers.get(fn.name)?.next }
          : {}),
      })),
    );
  }
  const runMatch = /^\/admin\/functions\/([^/]+)$/.exec(path);
  if (runMatch && method === 'POST') {
    const name = decodeURIComponent(runMatch[1] as string);
    const fn = [...host.functions()].find((f) => f.name.toLowerCase() === name.toLowerCase());
    if (!fn) return sendJson(res, 404, { error: `No function named "${name}".` });
    if (fn.triggerType.toLowerCase() === 'httptrigger') {
      return sendJson(res, 400, { error: `"${fn.name}" is an HTTP function; call its route instead.` });
    }
    const body = await readJson(req, maxBodyBytes);
    if (body === invalidJson) return sendJson(res, 400, { error: 'Body must be JSON like {"input": ...}.' });
    const input = isRecord(body) ? body.input : undefined;
    const typed: RpcTypedData =
      input === undefined
        ? {}
        : typeof input === 'string'
          ? { string: input }
          : { json: JSON.stringify(input) };
    const run = host.runNow(fn.name, typed);
    if (url.searchParams.get('wait') === 'true') {
      try {
        const result = await run;
        return sendJson(res, 200, { invocationResult: result ?? null });
      } catch (err) {
        return sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
      }
    }
    run.catch(() => undefined); // logged by the host; Azure answers 202 before the function runs
    res.statusCode = 202;
    res.end();
    return;
  }
  if (path === '/admin/clock' && method === 'GET') {
    return sendClock(res, host.clock);
  }
  if (path === '/admin/clock/advance' && method === 'POST') {
    const body = await readJson(req, maxBodyBytes);
    const ms = isRecord(body) ? Number(body.ms) : Number.NaN;
    if (!Number.isFinite(ms) || ms < 0) {
      return sendJson(res, 400, { error: 'Body must be {"ms": <non-negative number>}.' });
    }
    host.clock.advance(ms);
    return sendClock(res, host.clock);
  }
  return sendJson(res, 404, { error: `No admin endpoint ${method} ${path}.` });
}

function sendClock(res: ServerResponse, clock: AdminHost['clock']): void {
  const now = clock.now();
  sendJson(res, 200, { now, iso: new Date(now).toISOString(), offsetMs: clock.offsetMs ?? now - Date.now() });
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', body.length);
  res.end(body);
}

const invalidJson = Symbol('invalidJson');

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const raw = await readBody(req, limit);
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return invalidJson;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
