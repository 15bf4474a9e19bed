import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { withErrorHandling } from '../app/http/withErrorHandling';
import { buildOpenApiDocument } from '../app/openapi/buildOpenApiDocument';
import { renderApiReference } from '../app/openapi/renderApiReference';

let page: string | undefined;

/** GET /api/docs: the API reference page, rendered from the OpenAPI document (self-contained HTML). */
export function getApiDocs(_request: HttpRequest): Promise<HttpResponseInit> {
  page ??= renderApiReference(buildOpenApiDocument());
  return Promise.resolve({
    status: 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      // The page needs nothing from elsewhere: no scripts at all, inline styles only.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    },
    body: page,
  });
}

app.http('getApiDocs', {
  route: 'docs',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withErrorHandling(getApiDocs),
});
