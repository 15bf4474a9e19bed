import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';

/** What a stand-in route answers; `hold` keeps the request open without answering (a timeout). */
export type Reply =
  { status: number; json?: unknown; text?: string; headers?: Record<string, string> } | 'hold';

export interface RouteContext {
  req: IncomingMessage;
  url: URL;
  /** Named groups of the route's pattern, URI-decoded. */
  params: Record<string, string>;
  body: Buffer;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json<T = unknown>(): T | undefined;
  /** The body parsed as an HTML form (application/x-www-form-urlencoded). */
  form(): URLSearchParams;
}

export interface Route {
  method: string;
  /** Matched against the path (without the query), case-insensitively, e.g. /^\/things\/(?<id>[^/]+)$/. */
  pattern: RegExp;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

/** PEM files of the local certificate; stand-ins given one speak HTTPS. */
export interface StandInTls {
  certPath: string;
  keyPath: string;
}

/**
 * An HTTP(S) server that dispatches to `routes` (first match wins) and answers JSON. Bearer-token
 * SDK clients refuse plain HTTP, so the stand-ins they call are given the local certificate.
 */
export function createStandInServer(name: string, routes: Route[], tls?: StandInTls): Server {
  const held = new Set<ServerResponse>();
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void dispatch(name, routes, req, res, held);
  };
  const server = tls
    ? createHttpsServer({ cert: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) }, listener)
    : createHttpServer(listener);
  // Held requests would keep close() waiting for ever.
  server.on('close', () => held.forEach((r) => r.destroy()));
  return server;
}

async function dispatch(
  name: string,
  routes: Route[],
  req: IncomingMessage,
  res: ServerResponse,
  held: Set<ServerResponse>,
): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v);
      const reply = await route.handle({
        req,
        url,
        params,
        body,
        json: <T>() => {
          try {
            return body.length ? (JSON.parse(body.toString('utf8')) as T) : undefined;
          } catch {
            return undefined;
          }
        },
        form: () => new URLSearchParams(body.toString('utf8')),
      });
      if (reply === 'hold') {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      send(res, reply);
      return;
    }
    send(res, {
      status: 404,
      json: { error: { code: 'NotFound', message: `${name}: no route for ${req.method} ${url.pathname}` } },
    });
  } catch (err) {
    send(res, {
      status: 500,
      json: { error: { code: 'StandInError', message: err instanceof Error ? err.message : String(err) } },
    });
  }
}

function send(res: ServerResponse, reply: Exclude<Reply, 'hold'>): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | undefined;
  if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  } else if (reply.text !== undefined) {
    payload = reply.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}
