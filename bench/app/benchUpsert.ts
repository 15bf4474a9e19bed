import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { containers } from '../../adapters/cosmos/containers';
import { cosmosContainer } from '../../adapters/cosmos/cosmosContainer';

/**
 * `PUT /api/bench/upsert`: upserts the body, as it is, into the `offers` container with the app's
 * own Cosmos DB client, and answers 204. No sign-in, no validation, no ETag, no history. Loaded
 * only by the benchmark host (DEVHOST_APP_MAIN adds dist/bench/app), never by the product app.
 *
 * It is the floor of `npm run bench:authoring`: the least any HTTP API in this host can do to
 * store a document (one request in, one SDK call out). Its p50 over the raw upsert's bounds from
 * below the ratio the section write can reach; the section write over it is what the product adds.
 */
export async function benchUpsert(request: HttpRequest): Promise<HttpResponseInit> {
  const document = (await request.json()) as { id: string };
  const offers = await cosmosContainer(containers.find((c) => c.id === 'offers')!);
  await offers.items.upsert(document);
  return { status: 204 };
}

app.http('benchUpsert', {
  route: 'bench/upsert',
  methods: ['PUT'],
  authLevel: 'anonymous',
  handler: benchUpsert,
});
