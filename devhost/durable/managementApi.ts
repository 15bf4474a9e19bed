import type { IncomingMessage, ServerResponse } from 'node:http';
import { TERMINAL_STATUSES, type RuntimeStatus } from './documents';
import type { DurableEngine } from './durableEngine';
import { UnknownOrchestratorError } from './durableEngine';
import { DuplicateInstanceError } from './engineServices';
import { isAuthorized, presentedKey, type HostKeys } from '../http/hostKeys';
import type { StatusFilter } from './hubStore';
import { managementUrls } from './managementUrls';
import { statusPayload } from './statusPayload';

const RPC_PREFIX = '/durabletask/';
const PUBLIC_PREFIX = '/runtime/webhooks/durabletask/';
const CONTINUATION_HEADER = 'x-ms-continuation-token';
const DEFAULT_PAGE_SIZE = 100;
const RUNTIME_STATUSES: ReadonlySet<string> = new Set([
  'Pending',
  'Running',
  'Completed',
  'ContinuedAsNew',
  'Failed',
  'Canceled',
  'Terminated',
  'Suspended',
]);

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The HTTP API the Durable extension serves, on both paths where durable-functions calls it: the
 * client's `rpcBaseUrl` (`/durabletask/`) and the public webhook URLs that
 * `createCheckStatusResponse` hands out (`/runtime/webhooks/durabletask/`). Status codes, headers
 * and payloads follow the extension's HttpApiHandler.
 */
export class ManagementApi {
  constructor(
    private readonly engine: DurableEngine,
    private readonly keys: HostKeys,
    private readonly ready: Promise<unknown>,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    let rest: string;
    if (path.startsWith(RPC_PREFIX)) rest = path.slice(RPC_PREFIX.length);
    else if (path.startsWith(PUBLIC_PREFIX)) {
      rest = path.slice(PUBLIC_PREFIX.length);
      // Azure guards the webhook paths with a system key; here the master key. The rpcBaseUrl path is
      // what DurableClient calls without a key (on Azure it is a loopback-only listener).
      if (!isAuthorized('admin', presentedKey(req, url), this.keys)) {
        send(res, { status: 401, body: { Message: 'A valid key (code or x-functions-key) is required.' } });
        return true;
      }
    } else return false;

    let reply: Reply;
    try {
      await this.ready;
      const body = await readBody(req);
      reply = await this.#route(
        req,
        url,
        rest.split('/').map((s) => decodeURIComponent(s)),
        body,
      );
    } catch (err) {
      reply = { status: 500, body: { Message: err instanceof Error ? err.message : String(err) } };
    }
    send(res, reply);
    return true;
  }

  async #route(req: IncomingMessage, url: URL, seg: string[], body: string): Promise<Reply> {
    const method = (req.method ?? 'GET').toUpperCase();
    const q = url.searchParams;
    const [head, a, b, c] = seg;
    if (head === 'orchestrators' && a && method === 'POST' && seg.length <= 3) {
      return this.#start(req, url, a, b || undefined, body);
    }
    if (head === 'instances' && (a === undefined || a === '') && seg.length <= 2) {
      if (method === 'GET') return this.#list(req, q);
      if (method === 'DELETE') return this.#purgeWhere(q);
    }
    if (head === 'instances' && a && seg.length === 2) {
      if (method === 'GET') return this.#status(req, url, a);
      if (method === 'DELETE') {
        const deleted = await this.engine.purge(a);
        return deleted ? { status: 200, body: { instancesDeleted: deleted } } : { status: 404 };
      }
    }
    if (head === 'instances' && a && method === 'POST') {
      if (b === 'raiseEvent' && c && seg.length === 4) return this.#raiseEvent(req, a, c, body);
      if (seg.length === 3 && (b === 'terminate' || b === 'suspend' || b === 'resume')) {
        return this.#control(a, b, q.get('reason') ?? '');
      }
      if (seg.length === 3 && b === 'rewind') return this.#rewind(a);
      if (seg.length === 3 && b === 'restart') {
        return { status: 501, body: { Message: 'Restart is not supported by the local durable host.' } };
      }
    }
    if (head === 'entities' && a && seg.length === 3 && b !== undefined) {
      const key = b === '$' ? '' : b;
      if (method === 'GET') {
        const doc = await this.engine.readEntity(a, key);
        if (!doc || !doc.exists || doc.state === null) return { status: 404 };
        return { status: 200, body: JSON.parse(doc.state) as unknown };
      }
      if (method === 'POST' || method === 'DELETE') {
        let input: string | null = null;
        if (body.length > 0) {
          if (!isJson(req))
            return { status: 400, body: { Message: 'Content-Type must be application/json.' } };
          const value = parseJson(body);
          if (!value.ok) return { status: 400, body: { Message: 'Invalid JSON content' } };
          input = JSON.stringify(value.value);
        }
        const op = method === 'DELETE' ? 'delete' : (q.get('op') ?? '');
        await this.engine.signalEntity(a, key, op, input);
        return { status: 202 };
      }
    }
    return { status: 404, body: { Message: 'No such durable task endpoint.' } };
  }

  async #start(
    req: IncomingMessage,
    url: URL,
    name: string,
    instanceId: string | undefined,
    body: string,
  ): Promise<Reply> {
    let input: string | null = null;
    if (body.length > 0) {
      const value = parseJson(body);
      if (!value.ok) return { status: 400, body: { Message: 'Invalid JSON content' } };
      // durable-functions sends `""` when startNew() is given no input: treat it as none.
      if (value.value !== '' && value.value !== null) input = JSON.stringify(value.value);
    }
    let id: string;
    try {
      id = await this.engine.startNew(name, instanceId, input, url.searchParams.get('version') ?? undefined);
    } catch (err) {
      if (err instanceof DuplicateInstanceError) return { status: 409, body: { Message: err.message } };
      if (err instanceof UnknownOrchestratorError) return { status: 400, body: { Message: err.message } };
      throw err;
    }
    const timeout = Number(url.searchParams.get('timeout'));
    if (url.searchParams.has('timeout') && Number.isFinite(timeout) && timeout > 0) {
      await this.engine.waitForTerminal(id, timeout * 1000);
      const doc = await this.engine.readStatus(id);
      if (doc && TERMINAL_STATUSES.has(doc.status)) {
        return doc.status === 'Completed'
          ? { status: 200, body: doc.output === null ? null : (JSON.parse(doc.output) as unknown) }
          : {
              status: 200,
              body: statusPayload(doc, { showInput: true, showHistory: false, showHistoryOutput: false }),
            };
      }
    }
    return this.#checkStatusResponse(req, id);
  }

  #checkStatusResponse(req: IncomingMessage, id: string): Reply {
    const urls = managementUrls(
      originOf(req, this.engine.host.origin),
      this.engine.settings.hubName,
      this.keys.masterKey,
      id,
    );
    return {
      status: 202,
      body: urls,
      headers: { Location: urls['statusQueryGetUri'] as string, 'Retry-After': '10' },
    };
  }

  async #status(req: IncomingMessage, url: URL, id: string): Promise<Reply> {
    const q = url.searchParams;
    const doc = await this.engine.readStatus(id);
    if (!doc) return { status: 404, body: { Message: `No instance with ID '${id}' found.` } };
    const payload = statusPayload(doc, {
      showInput: q.get('showInput') !== 'false',
      showHistory: q.get('showHistory') === 'true',
      showHistoryOutput: q.get('showHistoryOutput') === 'true',
    });
    if (TERMINAL_STATUSES.has(doc.status)) return { status: 200, body: payload };
    const location = `${originOf(req, this.engine.host.origin)}${url.pathname}${url.search}`;
    return { status: 202, body: payload, headers: { Location: location, 'Retry-After': '5' } };
  }

  async #list(req: IncomingMessage, q: URLSearchParams): Promise<Reply> {
    const filter = filterFrom(q);
    if ('error' in filter) return { status: 400, body: { Message: filter.error } };
    const top = Number(q.get('top'));
    const pageSize = Number.isInteger(top) && top > 0 ? top : DEFAULT_PAGE_SIZE;
    const token = header(req, CONTINUATION_HEADER);
    const page = await this.engine.query(
      filter,
      pageSize,
      token ? Buffer.from(token, 'base64url').toString('utf8') : undefined,
    );
    const showInput = q.get('showInput') === 'true';
    const body = page.items.map((s) =>
      statusPayload(s, { showInput, showHistory: false, showHistoryOutput: false }),
    );
    return {
      status: 200,
      body,
      // Only when there is another page: the client loops while the header is truthy.
      ...(page.continuation
        ? { headers: { [CONTINUATION_HEADER]: Buffer.from(page.continuation).toString('base64url') } }
        : {}),
    };
  }

  async #purgeWhere(q: URLSearchParams): Promise<Reply> {
    if (!q.get('createdTimeFrom')) return { status: 400, body: { Message: 'createdTimeFrom is required.' } };
    const filter = filterFrom(q);
    if ('error' in filter) return { status: 400, body: { Message: filter.error } };
    const deleted = await this.engine.purgeWhere({
      ...filter,
      createdTo: filter.createdTo ?? this.engine.host.clock.now(),
    });
    return deleted > 0 ? { status: 200, body: { instancesDeleted: deleted } } : { status: 404 };
  }

  async #raiseEvent(req: IncomingMessage, id: string, name: string, body: string): Promise<Reply> {
    const found = await this.engine.lookup(id);
    if (found.kind === 'missing')
      return { status: 404, body: { Message: `No instance with ID '${id}' found.` } };
    if (found.kind === 'terminal') return { status: 410 };
    if (!isJson(req))
      return { status: 400, body: { Message: 'Only application/json request content is supported' } };
    const value = parseJson(body);
    if (!value.ok) return { status: 400, body: { Message: 'Invalid JSON content' } };
    await this.engine.send(found.actor, this.engine.raiseEventItem(name, JSON.stringify(value.value)));
    return { status: 202 };
  }

  async #control(id: string, kind: 'terminate' | 'suspend' | 'resume', reason: string): Promise<Reply> {
    const found = await this.engine.lookup(id);
    if (found.kind === 'missing') return { status: 404 };
    if (found.kind === 'terminal') return { status: 410 };
    await this.engine.send(found.actor, { kind, reason });
    return { status: 202 };
  }

  async #rewind(id: string): Promise<Reply> {
    const doc = await this.engine.readStatus(id);
    if (!doc) return { status: 404, body: `No orchestration with instance ID "${id}" found.` };
    if (doc.status !== 'Failed') {
      return {
        status: 412,
        body: `This orchestration has status ${doc.status}, but only orchestrations in the "Failed" state can be rewound.`,
      };
    }
    return { status: 501, body: { Message: 'Rewind is not supported by the underlying storage provider.' } };
  }
}

function filterFrom(q: URLSearchParams): StatusFilter | { error: string } {
  const filter: StatusFilter = {};
  for (const [param, field] of [
    ['createdTimeFrom', 'createdFrom'],
    ['createdTimeTo', 'createdTo'],
  ] as const) {
    const raw = q.get(param);
    if (!raw) continue;
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) return { error: `${param} is not a date: ${raw}` };
    filter[field] = ms;
  }
  const statuses = q.get('runtimeStatus');
  if (statuses) {
    const list = statuses
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = list.find((s) => !RUNTIME_STATUSES.has(s));
    if (unknown) return { error: `Unknown runtimeStatus: ${unknown}` };
    filter.statuses = list as RuntimeStatus[];
  }
  const prefix = q.get('instanceIdPrefix');
  if (prefix) filter.instanceIdPrefix = prefix;
  return filter;
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

function isJson(req: IncomingMessage): boolean {
  return (header(req, 'content-type') ?? '').toLowerCase().split(';')[0]?.trim() === 'application/json';
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Management URLs use the origin the caller used (as createCheckStatusResponse does). */
function originOf(req: IncomingMessage, fallback: string): string {
  const host = header(req, 'host');
  return host ? `http://${host}` : fallback;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload = '';
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}
