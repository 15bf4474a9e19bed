import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { jsonResponse } from '../app/http/jsonResponse';
import { representationEtag } from '../app/http/representationEtag';
import { withErrorHandling } from '../app/http/withErrorHandling';
import { buildOpenApiDocument } from '../app/openapi/buildOpenApiDocument';

let document: object | undefined;

/** GET /api/openapi.json: the OpenAPI 3.1 document, generated from the request schemas once per process. */
export function getOpenApi(_request: HttpRequest): Promise<HttpResponseInit> {
  document ??= buildOpenApiDocument();
  return Promise.resolve(jsonResponse(200, document, { etag: representationEtag(document) }));
}

app.http('getOpenApi', {
  route: 'openapi.json',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withErrorHandling(getOpenApi),
});
