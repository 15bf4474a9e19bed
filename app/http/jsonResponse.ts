import type { HttpResponseInit } from '@azure/functions';

export interface JsonResponseOptions {
  /** The representation's version, sent as `ETag` (already quoted, as Cosmos DB gives it). */
  readonly etag?: string;
  readonly location?: string;
}

/** A JSON response; every representation of a versioned resource carries its ETag. */
export function jsonResponse(
  status: number,
  body: unknown,
  options: JsonResponseOptions = {},
): HttpResponseInit {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  };
  if (options.etag !== undefined) headers.ETag = options.etag;
  if (options.location !== undefined) headers.Location = options.location;
  return { status, headers, jsonBody: body };
}
