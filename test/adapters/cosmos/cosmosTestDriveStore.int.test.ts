import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { CosmosQuotaStore } from '../../../adapters/cosmos/cosmosQuotaStore';
import { CosmosTestDriveStore } from '../../../adapters/cosmos/cosmosTestDriveStore';
import type { QuotaRule } from '../../../domain/testdrive/quota';
import type { TestDriveSession } from '../../../domain/testdrive/TestDriveSession';
import { cosmosClient } from '../../support/stack';

/**
 * The capacity and quota stores against the Cosmos DB stand-in, under concurrency: a capacity
 * lowered below the running sessions is never exceeded by new ones, and quota admissions never
 * exceed the limit, however many requests race.
 */
let testDrives: Container;
let quotas: Container;

beforeAll(async () => {
  const { database } = await cosmosClient().databases.createIfNotExists({ id: 'testdrive-stores' });
  ({ container: testDrives } = await database.containers.createIfNotExists({
    id: 'testDrives',
    partitionKey: { paths: ['/listingId'] },
  }));
  ({ container: quotas } = await database.containers.createIfNotExists({
    id: 'quotas',
    partitionKey: { paths: ['/key'] },
  }));
});

function newSession(listingId: string): Omit<TestDriveSession, 'slot'> {
  const sessionId = randomUUID();
  return {
    sessionId,
    listingId,
    accountId: 'acct',
    offerId: 'offer',
    submissionId: 'sub',
    visibility: 'live',
    offerTitle: 'Offer',
    type: 'dynamics365CustomerEngagement',
    pool: 'offer',
    customer: {
      customerId: `c-${sessionId}`,
      email: `${sessionId}@customer.example`,
      firstName: 'C',
      lastName: 'D',
    },
    leadId: randomUUID(),
    durationHours: 1,
    status: 'provisioning',
    requestedAt: new Date().toISOString(),
  };
}

describe('Capacity slots under a lowered capacity', () => {
  it('When the capacity is lowered from 5 to 2 with 5 running, then none ends, and racing requests never take the pool over 2', async () => {
    // Arrange: 5 sessions on slots 0-4
    const store = new CosmosTestDriveStore(testDrives);
    const listingId = `acct.lowered-${randomUUID().slice(0, 8)}`;
    const running: TestDriveSession[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await store.reserve(newSession(listingId), 5);
      if (!('reserved' in r)) throw new Error('capacity 5 should have room');
      running.push(r.reserved);
    }
    const held = async () => (await store.listActive(listingId)).length;

    // Act + Assert: lowered to 2 -> full; after 3 end (2 left, among them the highest slots) -> still full
    expect('full' in (await store.reserve(newSession(listingId), 2))).toBe(true);
    const bySlot = [...running].sort((a, b) => a.slot - b.slot);
    for (const s of bySlot.slice(0, 3)) {
      await store.update(listingId, s.sessionId, (x) => ({ ...x, status: 'ended' }));
      await store.release(s);
    }
    expect('full' in (await store.reserve(newSession(listingId), 2))).toBe(true);
    expect(await held()).toBe(2);

    // One more ends (slot 3; slot 4 above the new limit still runs): 12 requests race for one place
    const s3 = bySlot[3]!;
    await store.update(listingId, s3.sessionId, (x) => ({ ...x, status: 'ended' }));
    await store.release(s3);
    const raced = await Promise.all(
      Array.from({ length: 12 }, () => store.reserve(newSession(listingId), 2)),
    );

    // Assert: at most one got in, and the pool is at most at the new limit
    expect(raced.filter((r) => 'reserved' in r).length).toBeLessThanOrEqual(1);
    expect(await held()).toBeLessThanOrEqual(2);
    expect((await store.listActive(listingId)).map((s) => s.sessionId)).toContain(bySlot[4]!.sessionId);
  });
});

describe('Quota tickets under concurrency', () => {
  it('When 40 requests race for a quota of 7, then exactly 7 are admitted and the rest get a Retry-After', async () => {
    // Arrange
    const store = new CosmosQuotaStore(quotas);
    const rule: QuotaRule = { name: 'q', limit: 7, windowSeconds: 3600 };
    const key = `race:${randomUUID()}`;
    const now = Date.now();

    // Act
    const answers = await Promise.all(Array.from({ length: 40 }, () => store.admit(key, rule, now)));

    // Assert
    const admitted = answers.filter((a) => a.admitted);
    expect(admitted).toHaveLength(7);
    for (const a of answers) if (!a.admitted) expect(a.retryAfterSeconds).toBeGreaterThan(0);
    const ids = admitted.map((a) => (a.admitted ? a.ticket.id : ''));
    expect(new Set(ids).size).toBe(7);
  });

  it('When an admission is refunded, then exactly one more fits', async () => {
    // Arrange
    const store = new CosmosQuotaStore(quotas);
    const rule: QuotaRule = { name: 'q', limit: 2, windowSeconds: 60 };
    const key = `refund:${randomUUID()}`;
    const now = Date.now();
    const first = await store.admit(key, rule, now);
    await store.admit(key, rule, now);
    expect((await store.admit(key, rule, now)).admitted).toBe(false);

    // Act
    if (first.admitted) await store.refund(first.ticket);
    const after = await Promise.all([store.admit(key, rule, now), store.admit(key, rule, now)]);

    // Assert
    expect(after.filter((a) => a.admitted)).toHaveLength(1);
  });
});
