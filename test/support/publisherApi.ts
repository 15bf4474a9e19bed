import { findProjectRoot } from '../../devhost/stack';
import { loadLocalIssuerKey, mintLocalToken, type LocalTokenClaims } from '../../devhost/localIssuerKey';
import { hostUrl } from './stack';

/**
 * Calls the publisher API of the integration stack over HTTP, as a publisher would: tokens come
 * from the local issuer the host trusts.
 */

/** A bearer token for `accountId`/`userId`, signed by the local issuer. */
export async function publisherToken(
  accountId: string,
  userId = `user-of-${accountId}`,
  extra: Partial<LocalTokenClaims> = {},
): Promise<string> {
  const key = await loadLocalIssuerKey(findProjectRoot(__dirname));
  return mintLocalToken(key, { accountId, userId, ...extra });
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiCall {
  method?: string;
  token?: string;
  body?: unknown;
  /** Sent as is (no JSON encoding, no content type) when given. */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
}

/** One request to `/api<path>`; the body is parsed as JSON when there is one. */
export async function callApi<T = any>(path: string, call: ApiCall = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
  let body: string | Uint8Array | undefined = call.rawBody;
  if (body === undefined && call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(hostUrl(`/api${path}`), { method: call.method ?? 'GET', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

/** A publisher bound to one account: `as.get('/offers')`, `as.put(path, body, etag)`. */
export async function publisher(accountId: string, userId?: string) {
  const token = await publisherToken(accountId, userId);
  return {
    token,
    get: <T = any>(path: string) => callApi<T>(path, { token }),
    post: <T = any>(path: string, body: unknown) => callApi<T>(path, { method: 'POST', token, body }),
    put: <T = any>(path: string, body: unknown, etag?: string) =>
      callApi<T>(path, { method: 'PUT', token, body, headers: etag === undefined ? {} : { 'if-match': etag } }),
    delete: <T = any>(path: string, etag?: string) =>
      callApi<T>(path, { method: 'DELETE', token, headers: etag === undefined ? {} : { 'if-match': etag } }),
  };
}

/** A fresh account id per test file, so files running in parallel never see each other's offers. */
export function uniqueAccount(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
