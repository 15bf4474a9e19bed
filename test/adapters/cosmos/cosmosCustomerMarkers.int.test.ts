import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { CosmosCustomerMarkers, customerMarkerDocId } from '../../../adapters/cosmos/cosmosCustomerMarkers';
import { CosmosTestDrivePool } from '../../../adapters/cosmos/cosmosTestDrivePool';
import { CosmosTestDriveStore } from '../../../adapters/cosmos/cosmosTestDriveStore';
import { START_CUT_OFF_MS } from '../../../domain/testdrive/oneSessionPerCustomer';
import type { ReserveResult } from '../../../domain/testdrive/testDriveStore';
import type { TestDriveSession } from '../../../domain/testdrive/TestDriveSession';
import { cosmosClient } from '../../support/stack';

/**
 * "A customer has at most one test drive session of an offer that has not ended", held by the
 * customer's marker document, against the Cosmos DB stand-in: simultaneous starts (ordinary slots
 * and ARM hot instances) give exactly one session, the marker is freed with the session and by a
 * refused start, and one left behind (its session ended, or its start cut short) is taken over.
 */
let testDrives: Container;

beforeAll(async () => {
  const { database } = await cosmosClient().databases.createIfNotExists({ id: 'testdrive-stores' });
  ({ container: testDrives } = await database.containers.createIfNotExists({
    id: 'testDrives',
    partitionKey: { paths: ['/listingId'] },
  }));
});

const T0 = Date.parse('2031-03-01T10:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();
const newListing = (): string => `acct.marker-${randomUUID().slice(0, 8)}`;

function start(
  listingId: string,
  customerId: string,
  requestedAt = at(0),
  pool = 'offer',
): Omit<TestDriveSession, 'slot'> {
  return {
    sessionId: randomUUID(),
    listingId,
    accountId: 'acct',
    offerId: 'offer',
    submissionId: 'sub-live',
    visibility: 'live',
    offerTitle: 'Offer',
    type: pool === 'offer' ? 'dynamics365CustomerEngagement' : 'azureResourceManager',
    pool,
    customer: { customerId, email: 'c@customer.example', firstName: 'C', lastName: 'D' },
    leadId: randomUUID(),
    durationHours: 1,
    status: 'provisioning',
    requestedAt,
  };
}

const reservedOf = (r: ReserveResult): TestDriveSession => {
  if (!('reserved' in r)) throw new Error(`not reserved: ${JSON.stringify(r)}`);
  return r.reserved;
};

async function docsOf<T>(listingId: string, kind: string): Promise<T[]> {
  const { resources } = await testDrives.items
    .query<T>({
      query: 'SELECT * FROM c WHERE c.kind = @kind AND c.listingId = @listing',
      parameters: [
        { name: '@kind', value: kind },
        { name: '@listing', value: listingId },
      ],
    })
    .fetchAll();
  return resources;
}

const markerOf = async (listingId: string, customerId: string) =>
  (
    await testDrives
      .item(customerMarkerDocId(customerId), listingId)
      .read<{ sessionId: string; takenAt: string }>()
  ).resource;

describe('One session per customer and offer (ordinary slots)', () => {
  it('When 8 starts of one customer race on one offer, then exactly one session and one slot are stored and the other 7 are refused', async () => {
    // Arrange: room for all 8 but for the rule
    const store = new CosmosTestDriveStore(testDrives);
    const listingId = newListing();
    const customerId = `race-${randomUUID()}`;

    // Act
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => store.reserve(start(listingId, customerId), 10)),
    );

    // Assert
    const won = answers.filter((a) => 'reserved' in a);
    expect(won).toHaveLength(1);
    const session = reservedOf(won[0]!);
    for (const a of answers.filter((x) => !('reserved' in x))) {
      if ('alreadyActive' in a) expect(a.alreadyActive.sessionId).toBe(session.sessionId);
      else expect(a).toMatchObject({ alreadyStarting: { retryAfterSeconds: expect.any(Number) } });
    }
    expect((await docsOf<TestDriveSession>(listingId, 'session')).map((s) => s.sessionId)).toEqual([
      session.sessionId,
    ]);
    expect(await docsOf(listingId, 'slot')).toHaveLength(1);
    expect((await markerOf(listingId, customerId))?.sessionId).toBe(session.sessionId);
  });

  it('When the session ends (released), then its marker is gone and the customer may start again; another customer is never held up', async () => {
    // Arrange
    const store = new CosmosTestDriveStore(testDrives);
    const listingId = newListing();
    const customerId = `again-${randomUUID()}`;
    const first = reservedOf(await store.reserve(start(listingId, customerId), 3));
    expect('reserved' in (await store.reserve(start(listingId, `other-${randomUUID()}`), 3))).toBe(true);
    expect(await store.reserve(start(listingId, customerId, at(1000)), 3)).toMatchObject({
      alreadyActive: { sessionId: first.sessionId },
    });

    // Act: as the session orchestration's finish does
    await store.release(first);
    await store.update(listingId, first.sessionId, (s) => ({ ...s, status: 'ended' }));
    await store.release(first); // idempotent

    // Assert
    expect(await markerOf(listingId, customerId)).toBeUndefined();
    const second = reservedOf(await store.reserve(start(listingId, customerId, at(2000)), 3));
    expect((await markerOf(listingId, customerId))?.sessionId).toBe(second.sessionId);
  });

  it('When a start finds the pool full, then the marker it took is freed, so the customer starts as soon as a slot frees', async () => {
    // Arrange: capacity 1, held by another customer
    const store = new CosmosTestDriveStore(testDrives);
    const listingId = newListing();
    const holder = reservedOf(await store.reserve(start(listingId, `holder-${randomUUID()}`), 1));
    const customerId = `waiting-${randomUUID()}`;

    // Act
    const refused = await store.reserve(start(listingId, customerId), 1);

    // Assert
    expect(refused).toMatchObject({ full: true });
    expect(await markerOf(listingId, customerId)).toBeUndefined();
    await store.release(holder);
    expect('reserved' in (await store.reserve(start(listingId, customerId, at(1000)), 1))).toBe(true);
  });

  it('When a session ended without its marker being freed, then the next start of the customer takes the marker over', async () => {
    // Arrange: the end recorded, the marker left (a process stopped before freeing it)
    const store = new CosmosTestDriveStore(testDrives);
    const listingId = newListing();
    const customerId = `ended-${randomUUID()}`;
    const old = reservedOf(await store.reserve(start(listingId, customerId), 3));
    await store.update(listingId, old.sessionId, (s) => ({ ...s, status: 'failed' }));
    expect((await markerOf(listingId, customerId))?.sessionId).toBe(old.sessionId);

    // Act
    const next = reservedOf(await store.reserve(start(listingId, customerId, at(1000)), 3));

    // Assert: the new session holds the marker; freeing the old one later leaves it alone
    expect((await markerOf(listingId, customerId))?.sessionId).toBe(next.sessionId);
    await store.release(old);
    expect((await markerOf(listingId, customerId))?.sessionId).toBe(next.sessionId);
  });

  it('When a start was cut short after taking the marker, then the customer is told to retry until the cut-off passes, and is then let in', async () => {
    // Arrange: a marker naming a session that was never stored
    const store = new CosmosTestDriveStore(testDrives);
    const listingId = newListing();
    const customerId = `cut-${randomUUID()}`;
    await testDrives.items.create({
      id: customerMarkerDocId(customerId),
      kind: 'customerMarker',
      listingId,
      customerId,
      sessionId: randomUUID(),
      takenAt: at(0),
    });

    // Act + Assert: within the cut-off the marker stays and nothing is stored
    const early = await store.reserve(start(listingId, customerId, at(START_CUT_OFF_MS - 5_000)), 3);
    expect(early).toEqual({ alreadyStarting: { retryAfterSeconds: 5 } });
    expect(await markerOf(listingId, customerId)).toMatchObject({ takenAt: at(0) });
    expect(await docsOf(listingId, 'slot')).toHaveLength(0);

    // Act + Assert: after it, taken over
    const late = await store.reserve(start(listingId, customerId, at(START_CUT_OFF_MS + 1)), 3);
    const session = reservedOf(late);
    expect((await markerOf(listingId, customerId))?.sessionId).toBe(session.sessionId);
    expect(await docsOf(listingId, 'slot')).toHaveLength(1);
  });

  it('When customer ids hold characters Cosmos DB ids may not (/ \\ ? #), then the rule holds for them too', async () => {
    // Arrange
    const store = new CosmosTestDriveStore(testDrives);
    const listingId = newListing();
    const customerId = `a/b\\c?d#e%f-${randomUUID()}`;

    // Act
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => store.reserve(start(listingId, customerId), 5)),
    );

    // Assert
    expect(answers.filter((a) => 'reserved' in a)).toHaveLength(1);
    expect(await docsOf(listingId, 'session')).toHaveLength(1);
  });
});

describe('One session per customer and offer (ARM hot instances)', () => {
  const region = 'westeurope';

  /** `count` ready instances of the live version, as the top-up leaves them. */
  async function readyInstances(
    pool: CosmosTestDrivePool,
    listingId: string,
    count: number,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const created = await pool.create(
        {
          instanceId: randomUUID(),
          listingId,
          accountId: 'acct',
          offerId: 'offer',
          submissionId: 'sub-live',
          region,
          status: 'deploying',
          taskHub: 'hub',
          createdAt: at(0),
          deployAttempts: 1,
        },
        5,
      );
      if (!created) throw new Error('no slot for a hot instance');
      await pool.update(listingId, created.instanceId, (i) => ({
        ...i,
        status: 'ready',
        readyAt: at(n),
        access: { resourceGroup: `testdrive-${i.instanceId}` },
      }));
      ids.push(created.instanceId);
    }
    return ids;
  }

  it('When 8 starts of one customer race for hot instances, then one gets an instance, the others are refused and the other instances stay ready; after its end the customer gets another', async () => {
    // Arrange
    const pool = new CosmosTestDrivePool(testDrives);
    const store = new CosmosTestDriveStore(testDrives, pool);
    const listingId = newListing();
    await readyInstances(pool, listingId, 3);
    const customerId = `hot-${randomUUID()}`;

    // Act
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        store.reserve(start(listingId, customerId, at(0), region), 5, { hotPool: true }),
      ),
    );

    // Assert
    const won = answers.filter((a) => 'reserved' in a);
    expect(won).toHaveLength(1);
    const session = reservedOf(won[0]!);
    expect(session.hotInstanceId).toBeDefined();
    expect(
      (await pool.listInstances(listingId, region))
        .filter((i) => i.status === 'assigned')
        .map((i) => i.sessionId),
    ).toEqual([session.sessionId]);
    expect((await pool.listInstances(listingId, region)).filter((i) => i.status === 'ready')).toHaveLength(2);
    expect(await docsOf(listingId, 'session')).toHaveLength(1);

    // Act: the session ends; the customer starts again
    await store.release(session);
    await store.update(listingId, session.sessionId, (s) => ({ ...s, status: 'ended' }));
    const again = reservedOf(
      await store.reserve(start(listingId, customerId, at(1000), region), 5, { hotPool: true }),
    );

    // Assert
    expect(again.hotInstanceId).toBeDefined();
    expect(again.hotInstanceId).not.toBe(session.hotInstanceId);
  });

  it('When a slow start lost its marker to a later start of the customer, then its hand-out batch stores nothing and the instance stays ready', async () => {
    // Arrange: start A took the marker and stalled; start B came after the cut-off and took over
    const pool = new CosmosTestDrivePool(testDrives);
    const store = new CosmosTestDriveStore(testDrives, pool);
    const markers = new CosmosCustomerMarkers(testDrives, (l, s) => store.get(l, s));
    const listingId = newListing();
    const customerId = `slow-${randomUUID()}`;
    const a = start(listingId, customerId, at(0), region);
    const takenByA = await markers.take(a);
    if (!('held' in takenByA)) throw new Error('A should hold the marker');
    const b = reservedOf(
      await store.reserve(start(listingId, customerId, at(START_CUT_OFF_MS + 1), region), 5),
    );
    const [readyId] = await readyInstances(pool, listingId, 1);

    // Act: A goes on with its hand-out
    const claimed = await pool.claim(a, takenByA.held);

    // Assert
    expect(claimed).toBeUndefined();
    expect(takenByA.held.lost).toBe(true);
    expect(await store.get(listingId, a.sessionId)).toBeUndefined();
    expect((await pool.get(listingId, readyId!))?.status).toBe('ready');
    expect((await markerOf(listingId, customerId))?.sessionId).toBe(b.sessionId);
    expect(await markers.refusal(a)).toMatchObject({ alreadyActive: { sessionId: b.sessionId } });
  });
});
