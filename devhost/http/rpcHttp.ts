import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcHttpCookie, RpcHttpData, RpcTypedData } from '../core/coreTypes';
import { BufferedRequest } from './bufferedRequest';

/**
 * The request as the Functions host hands it to the worker (`RpcHttp`): absolute URL, method,
 * headers (repeated headers joined), query (repeated keys joined with ",", as the host's
 * StringValues do), route params, and the body as raw bytes so nothing is re-encoded. The
 * library's HttpRequest reads it through a {@link BufferedRequest} (`nativeRequest`, which the
 * library accepts in place of the Request it would build) where that gives the same results.
 */
export function toRpcHttpRequest(
  req: IncomingMessage,
  url: URL,
  params: Record<string, string>,
  body: Buffer,
): RpcTypedData {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(name === 'cookie' ? '; ' : ', ') : value;
  }
  const query: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) {
    query[key] = url.searchParams.getAll(key).join(',');
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const http: RpcHttpData & { nativeRequest?: BufferedRequest } = {
    method,
    url: url.href,
    headers,
    query,
    params,
    body: body.length > 0 ? { bytes: body } : null,
    rawBody: body.length > 0 ? { bytes: body } : null,
  };
  const nativeRequest = BufferedRequest.nativeRequestFor({ url: url.href, method, headers, body });
  if (nativeRequest !== undefined) http.nativeRequest = nativeRequest;
  return { http };
}

/**
 * Writes the library's converted response (`returnValue.http`) to the socket. A handler that
 * returned nothing yields 204, as the response then has no content.
 */
export function writeRpcHttpResponse(res: ServerResponse, data: RpcTypedData | null | undefined): void {
  const http = data?.http;
  if (!http) {
    res.statusCode = 204;
    res.end();
    return;
  }
  const status = Number(http.statusCode ?? 200);
  res.statusCode = Number.isInteger(status) && status >= 100 && status <= 999 ? status : 200;
  for (const [name, value] of Object.entries(http.headers ?? {})) {
    try {
      res.setHeader(name, name.toLowerCase() === 'set-cookie' ? value.split(/,(?=\s*[^;,=\s]+=)/) : value);
    } catch {
      // An invalid header value (e.g. a newline) would throw; Azure drops such headers too.
    }
  }
  const cookies = (http.cookies ?? []).map(toSetCookie).filter((c): c is string => c !== undefined);
  if (cookies.length > 0) {
    const existing = res.getHeader('set-cookie');
    const prior = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
    res.setHeader('set-cookie', [...prior, ...cookies]);
  }
  const body = bodyBytes(http.body);
  if (body.length > 0 && !res.hasHeader('content-type')) {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
  }
  res.setHeader('content-length', body.length);
  res.end(body);
}

function bodyBytes(body: RpcTypedData | null | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  if (body.bytes) return Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
  if (typeof body.string === 'string') return Buffer.from(body.string, 'utf8');
  if (typeof body.json === 'string') return Buffer.from(body.json, 'utf8');
  return Buffer.alloc(0);
}

function toSetCookie(cookie: RpcHttpCookie): string | undefined {
  if (!cookie.name) return undefined;
  const parts = [`${cookie.name}=${cookie.value ?? ''}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  const expires = cookie.expires?.value;
  if (expires && expires.seconds !== null && expires.seconds !== undefined) {
    const ms = Number(expires.seconds) * 1000 + Math.floor((expires.nanos ?? 0) / 1e6);
    parts.push(`Expires=${new Date(ms).toUTCString()}`);
  }
  if (cookie.maxAge?.value !== undefined && cookie.maxAge.value !== null) {
    parts.push(`Max-Age=${Math.trunc(cookie.maxAge.value)}`);
  }
  if (cookie.secure?.value) parts.push('Secure');
  if (cookie.httpOnly?.value) parts.push('HttpOnly');
  if (cookie.sameSite === 'lax') parts.push('SameSite=Lax');
  else if (cookie.sameSite === 'strict') parts.push('SameSite=Strict');
  else if (cookie.sameSite === 'explicitNone') parts.push('SameSite=None');
  return parts.join('; ');
}
