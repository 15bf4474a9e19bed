import { BulkOperationType, type Container, type CosmosClient } from '@azure/cosmos';
import type { Server } from 'node:http';
import { createCosmosClient } from '../../../adapters/cosmos/cosmosClient';
import { cosmosRequestTimeoutMs } from '../../../adapters/cosmos/cosmosClientOptions';
import { CosmosOutcomeUnknownError } from '../../../adapters/cosmos/transientCosmosFailure';
import type { Config } from '../../../app/config';
import { toAppError } from '../../../app/http/toAppError';
import { COSMOS_EMULATOR_KEY } from '../../../devhost/localSettings';
import { startCosmosFaultProxy, type CosmosFaultProxy } from '../../../devhost/standins/cosmosFaultProxy';
import { startCosmosStandIn } from '../../../devhost/standins/cosmosStandIn';

/**
 * The app's Cosmos DB client (adapters/cosmos/cosmosClient.ts, with its retry options and the safe
 * retry plugin) against a stand-in of its own behind the fault proxy. The proxy's draws are
 * scripted: `script('reset')` makes the next request reset, later ones pass.
 */
let standIn: Server;
let proxy: CosmosFaultProxy;
let client: CosmosClient;
let container: Container;
const scripted: number[] = [];
/** Outside a script the proxy draws at random (for rate-based tests) or passes everything. */
let freeRunning = false;

/** The next requests' draws: a fault name takes the fault (rate 1 for that kind), `pass` forwards. */
function script(...steps: Array<'reset' | 'lostResponse' | 'unavailable' | 'hang' | 'pass'>): void {
  scripted.length = 0;
  freeRunning = false;
  for (const step of steps) scripted.push(step === 'pass' ? 0.999 : 0);
  const kind = steps.find((s) => s !== 'pass');
  proxy.setMix(kind === undefined ? { rates: {} } : { rates: { [kind]: 0.5 } });
  proxy.resetCounters();
}

beforeAll(async () => {
  const started = await startCosmosStandIn(0);
  standIn = started.server;
  proxy = await startCosmosFaultProxy({
    target: `http://127.0.0.1:${started.port}/`,
    random: () => scripted.shift() ?? (freeRunning ? Math.random() : 0.999),
  });
  client = createCosmosClient({ COSMOS_ENDPOINT: proxy.url, COSMOS_KEY: COSMOS_EMULATOR_KEY } as Config);
  const { database } = await client.databases.createIfNotExists({ id: 'faults' });
  ({ container } = await database.containers.createIfNotExists({
    id: 'docs',
    partitionKey: { paths: ['/pk'] },
  }));
});

afterAll(async () => {
  client.dispose();
  await proxy.close();
  standIn.closeAllConnections();
  standIn.close();
});

describe('the app Cosmos DB client under injected faults', () => {
  it('When a point read meets a reset connection, then it is sent again and succeeds', async () => {
    await container.items.upsert({ id: 'r1', pk: 'p', n: 1 });
    script('reset');
    const { resource } = await container.item('r1', 'p').read<{ n: number }>();
    expect(resource?.n).toBe(1);
    expect(proxy.counters().faults.reset).toBe(1);
    expect(proxy.counters().requests.read).toBeGreaterThanOrEqual(2);
  });

  it('When a query meets a 503, then it is sent again and succeeds', async () => {
    script('unavailable');
    const { resources } = await container.items
      .query(
        { query: 'SELECT * FROM c WHERE c.pk = @pk', parameters: [{ name: '@pk', value: 'p' }] },
        { partitionKey: 'p' },
      )
      .fetchAll();
    expect(resources.map((r: { id: string }) => r.id)).toContain('r1');
    expect(proxy.counters().faults.unavailable).toBe(1);
  });

  it('When an If-Match replace is reset before it reached the database, then the retry writes it once', async () => {
    const { resource } = await container.items.upsert({ id: 'c1', pk: 'p', n: 1 });
    script('reset');
    const { resource: replaced } = await container
      .item('c1', 'p')
      .replace(
        { id: 'c1', pk: 'p', n: 2 },
        { accessCondition: { type: 'IfMatch', condition: resource!._etag } },
      );
    expect(replaced).toMatchObject({ n: 2 });
    expect(proxy.counters().requests.write).toBe(2);
  });

  it('When an If-Match replace was done but its answer lost, then the caller gets an unknown outcome (503), not 412', async () => {
    const { resource } = await container.items.upsert({ id: 'c2', pk: 'p', n: 1 });
    script('lostResponse');
    const error = await container
      .item('c2', 'p')
      .replace(
        { id: 'c2', pk: 'p', n: 2 },
        { accessCondition: { type: 'IfMatch', condition: resource!._etag } },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(CosmosOutcomeUnknownError);
    const mapped = toAppError(error);
    expect(mapped).toMatchObject({
      status: 503,
      code: 'serviceUnavailable',
      headers: { 'Retry-After': '1' },
    });
    // It did happen, once.
    const { resource: stored } = await container.item('c2', 'p').read<{ n: number }>();
    expect(stored?.n).toBe(2);
  });

  it('When a create was done but its answer lost, then the retry finds it there and the outcome is unknown', async () => {
    script('lostResponse');
    const error = await container.items.create({ id: 'k1', pk: 'p' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CosmosOutcomeUnknownError);
    expect((await container.item('k1', 'p').read()).resource).toBeDefined();
  });

  it('When a transactional batch led by If-Match was done but its answer lost, then all of it is stored and the outcome is unknown', async () => {
    const { resource } = await container.items.upsert({ id: 's1', pk: 'p', revision: 1 });
    script('lostResponse');
    const error = await container.items
      .batch(
        [
          {
            operationType: BulkOperationType.Replace,
            partitionKey: 'p',
            id: 's1',
            ifMatch: resource!._etag,
            resourceBody: { id: 's1', pk: 'p', revision: 2 },
          },
          {
            operationType: BulkOperationType.Create,
            partitionKey: 'p',
            resourceBody: { id: 'h-s1-2', pk: 'p', revision: 2 },
          },
        ],
        'p',
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    // The stand-in names the partition key per operation, as the app's store does.
    // The SDK rethrows batch failures as plain Errors; the plugin's mark keeps them recognisable.
    expect(String(error)).toMatch(
      /Batch request error: .*unknown outcome.*\[cosmos-transient reason=connection notSent=false\]/,
    );
    expect(toAppError(error)).toMatchObject({ status: 503, code: 'serviceUnavailable' });
    expect((await container.item('s1', 'p').read<{ revision: number }>()).resource?.revision).toBe(2);
    expect((await container.item('h-s1-2', 'p').read()).resource).toBeDefined();
  });

  it('When a transactional batch stays throttled past the SDK retries, then it maps to 503 with the server retry-after', async () => {
    proxy.setMix({ rates: { throttle: 1 }, retryAfterMs: 2500 });
    proxy.resetCounters();
    const error = await container.items
      .batch(
        [{ operationType: BulkOperationType.Upsert, partitionKey: 'p', resourceBody: { id: 'b1', pk: 'p' } }],
        'p',
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(proxy.counters().faults.throttle).toBeGreaterThan(1);
    expect(toAppError(error)).toMatchObject({ status: 503, headers: { 'Retry-After': '3' } });
  });

  it('When an upsert meets a reset, then it is not sent again (not idempotent in general) and maps to 503', async () => {
    script('reset');
    const error = await container.items.upsert({ id: 'u1', pk: 'p' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(proxy.counters().requests.write).toBe(1);
    expect(toAppError(error)).toMatchObject({ status: 503, headers: { 'Retry-After': '1' } });
  });

  it('When every request is throttled, then the SDK gives up within its bounded wait and it maps to 503 with the server retry-after', async () => {
    freeRunning = false;
    proxy.setMix({ rates: { throttle: 1 }, retryAfterMs: 1500 });
    proxy.resetCounters();
    const started = Date.now();
    const error = await container
      .item('r1', 'p')
      .read()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const elapsed = Date.now() - started;
    expect((error as { code?: number }).code).toBe(429);
    // maxWaitTimeInSeconds 4: retries stop once 4 s of waits have been spent (1.5 s each: 3 retries).
    expect(proxy.counters().faults.throttle).toBe(4);
    expect(elapsed).toBeLessThan(8000);
    expect(toAppError(error)).toMatchObject({ status: 503, headers: { 'Retry-After': '2' } });
  });

  it('When 30% of requests are throttled, then the SDK retries them and every operation succeeds', async () => {
    freeRunning = true;
    proxy.setMix({ rates: { throttle: 0.3 }, retryAfterMs: 20 });
    proxy.resetCounters();
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        await container.items.upsert({ id: `t${i}`, pk: 'p', i });
        const { resource } = await container.item(`t${i}`, 'p').read<{ i: number }>();
        expect(resource?.i).toBe(i);
      }),
    );
    expect(proxy.counters().faults.throttle).toBeGreaterThan(5);
  });

  it(
    'When a read hangs, then the request timeout ends the attempt and the retry succeeds',
    async () => {
      script('hang');
      const started = Date.now();
      const { resource } = await container.item('r1', 'p').read<{ n: number }>();
      expect(resource?.n).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(cosmosRequestTimeoutMs - 100);
      expect(Date.now() - started).toBeLessThan(cosmosRequestTimeoutMs + 3000);
    },
    cosmosRequestTimeoutMs + 10_000,
  );
});
