import { app, type HttpResponseInit } from '@azure/functions';

/**
 * `GET /api/bench/empty`: does nothing and answers 204. Loaded only by the benchmark host
 * (DEVHOST_APP_MAIN adds dist/bench/app), never by the product app: it is the "empty function"
 * baseline of `npm run bench`, the cost of the host, the invocation model and HTTP alone.
 */
export function benchEmpty(): Promise<HttpResponseInit> {
  return Promise.resolve({ status: 204 });
}

app.http('benchEmpty', {
  route: 'bench/empty',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: benchEmpty,
});
