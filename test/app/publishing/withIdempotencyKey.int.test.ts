import { randomUUID } from 'node:crypto';
import { HttpRequest } from '@azure/functions';
import { containers } from '../../../adapters/cosmos/containers';
import { cosmosContainer } from '../../../adapters/cosmos/cosmosContainer';
import { withIdempotencyKey } from '../../../app/publishing/withIdempotencyKey';
import { idempotencyRenewSeconds } from '../../../domain/publishing/idempotency';

/**
 * A request that runs longer than the renewal interval renews its claim while it runs (so only a
 * claim whose process died is taken over after the short lock), and its response is still stored
 * on the claim afterwards: the renewals' ETags are followed. In this process, against the Cosmos
 * DB stand-in.
 */
describe('Idempotency-Key claims of long requests', () => {
  it('When a keyed request runs past the renewal interval, then its claim is renewed meanwhile and its answer is replayed afterwards', async () => {
    const accountId = `renew-${randomUUID()}`;
    const key = randomUUID();
    const request = () =>
      new HttpRequest({ method: 'POST', url: 'http://localhost/api/offers/o/submissions', headers: { 'idempotency-key': key } });
    const keys = await cosmosContainer(containers.find((c) => c.id === 'idempotencyKeys')!);
    const claim = async () =>
      (
        await keys.items
          .query<{ renewedAt?: string; response?: { status: number } }>({
            query: 'SELECT * FROM c WHERE c.accountId = @a',
            parameters: [{ name: '@a', value: accountId }],
          })
          .fetchAll()
      ).resources[0];
    let seenWhileRunning: Awaited<ReturnType<typeof claim>>;
    let runs = 0;

    const first = await withIdempotencyKey(request(), { accountId }, 'submit', { a: 1 }, async () => {
      runs++;
      await new Promise((r) => setTimeout(r, idempotencyRenewSeconds * 1000 + 1500));
      seenWhileRunning = await claim();
      return { status: 202, jsonBody: { submissionId: 's-1' } };
    });
    const retry = await withIdempotencyKey(request(), { accountId }, 'submit', { a: 1 }, () => {
      runs++;
      return Promise.resolve({ status: 202, jsonBody: { submissionId: 's-2' } });
    });

    expect(first.status).toBe(202);
    expect(seenWhileRunning?.renewedAt).toEqual(expect.any(String));
    expect(seenWhileRunning?.response).toBeUndefined();
    expect({ status: retry.status, replayed: (retry.headers as Record<string, string>)['Idempotency-Replayed'], body: retry.jsonBody }).toEqual({
      status: 202,
      replayed: 'true',
      body: { submissionId: 's-1' },
    });
    expect(runs).toBe(1);
    expect((await claim())?.response?.status).toBe(202);
  }, 30_000);
});
