import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RpcTypedData } from '../core/coreTypes';
import { hostLog } from '../core/hostLog';
import type { InvocationOutcome } from '../core/invokeFunction';
import type { HostExtension } from '../extension';
import { handleAdmin, sendJson, type AdminHost } from './adminApi';
import { isAuthorized, presentedKey, type HostKeys } from './hostKeys';
import type { HttpRoutes } from './httpRoutes';
import { BodyTooLargeError, readBody } from './readBody';
import { toRpcHttpRequest, writeRpcHttpResponse } from './rpcHttp';

export interface HttpServerContext {
  routes: HttpRoutes;
  keys: HostKeys;
  maxBodyBytes: number;
  /** host.json `extensions.http.routePrefix`, `api` by default (may be empty). */
  routePrefix: string;
  invokeHttp(functionName: string, triggerData: RpcTypedData): Promise<InvocationOutcome>;
  admin: AdminHost;
  extensions: readonly HostExtension[];
}

/**
 * The host's single HTTP listener: `/{routePrefix}/...` to HTTP functions, `/admin/...` to the admin
 * API, anything else to the extensions (`handleHttp`, e.g. the durable management API), else 404.
 * Functions answer 503 with Retry-After until the host is Running (app loaded, extensions started).
 */
export function createHostHttpServer(context: HttpServerContext): Server {
  const server = createServer((req, res) => {
    dispatch(req, res, context).catch((err: unknown) => {
      hostLog('error', 'http', `Unhandled error for ${req.method} ${req.url}: ${describe(err)}`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else {
        res.destroy();
      }
    });
  });
  // Idle keep-alive sockets outlive the client's pool (fetch keeps one the Keep-Alive hint minus
  // a second): with the server closing first, a client whose event loop was busy past the hint
  // (a test process compiling modules) sent its next request into a closing socket ('other side
  // closed'). Shutdown closes idle sockets itself (`closeIdleConnections` in stop).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // In-flight requests get a moment to finish; then sockets are cut so shutdown cannot hang.
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}

async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  context: HttpServerContext,
): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  const path = url.pathname;

  if (path === '/admin' || path.startsWith('/admin/')) {
    if (!context.keys.openAdmin && !isAuthorized('admin', presentedKey(req, url), context.keys)) {
      res.statusCode = 401;
      res.end();
      return;
    }
    await handleAdmin(req, res, url, context.admin, context.maxBodyBytes);
    return;
  }

  const prefix = context.routePrefix ? `/${context.routePrefix}` : '';
  const underPrefix =
    prefix === '' || path.toLowerCase() === prefix || path.toLowerCase().startsWith(`${prefix}/`);
  if (prefix !== '' && !underPrefix) {
    for (const extension of context.extensions) {
      if (extension.handleHttp && (await extension.handleHttp(req, res, url))) return;
    }
    res.statusCode = 404;
    res.end();
    return;
  }

  const functionPath = path.slice(prefix.length).replace(/^\/+/, '');
  const resolution = context.routes.resolve(req.method ?? 'GET', functionPath);
  if (context.admin.state() !== 'Running' && (prefix !== '' || resolution.kind !== 'notFound')) {
    // As the Functions host: no function runs before the extensions that supply its bindings
    // (the durable client) have started, e.g. right after a restart, nor while stopping.
    res.statusCode = 503;
    res.setHeader('retry-after', '1');
    res.end();
    return;
  }
  if (resolution.kind === 'notFound') {
    if (prefix === '') {
      for (const extension of context.extensions) {
        if (extension.handleHttp && (await extension.handleHttp(req, res, url))) return;
      }
    }
    res.statusCode = 404;
    res.end();
    return;
  }
  if (resolution.kind === 'methodNotAllowed') {
    res.statusCode = 405;
    res.setHeader('allow', resolution.allow.join(', '));
    res.end();
    return;
  }

  const { route, params } = resolution;
  if (!isAuthorized(route.authLevel, presentedKey(req, url), context.keys)) {
    res.statusCode = 401;
    res.end();
    return;
  }

  let body: Buffer;
  try {
    body = await readBody(req, context.maxBodyBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      sendJson(res, 413, { error: err.message });
      req.resume();
      return;
    }
    throw err;
  }

  const started = Date.now();
  let outcome: InvocationOutcome;
  try {
    outcome = await context.invokeHttp(route.fn.name, toRpcHttpRequest(req, url, params, body));
  } catch (err) {
    // The stack goes to the log only: the caller sees a bare 500, as on Azure.
    hostLog('error', route.fn.name, `Executed with an error: ${describe(err)}`);
    res.statusCode = 500;
    res.end();
    return;
  }
  writeRpcHttpResponse(res, outcome.response.returnValue);
  hostLog(
    'info',
    route.fn.name,
    `${req.method} ${path} -> ${res.statusCode} in ${Date.now() - started} ms (${outcome.invocationId.slice(0, 8)})`,
  );
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
