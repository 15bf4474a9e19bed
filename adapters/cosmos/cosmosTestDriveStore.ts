import { randomInt } from 'node:crypto';
import { BulkOperationType, type Container, type JSONObject, type OperationInput } from '@azure/cosmos';
import { hotSlotHolder } from '../../domain/testdrive/poolInstance';
import type { Page, PageRequest } from '../../domain/authoring/offerStore';
import type { ReserveResult, TestDriveStore } from '../../domain/testdrive/testDriveStore';
import { ACTIVE_STATUSES, type TestDriveSession } from '../../domain/testdrive/TestDriveSession';
import { CosmosCustomerMarkers, type HeldMarker } from './cosmosCustomerMarkers';

type SessionDocument = TestDriveSession & { id: string; kind: 'session'; _etag?: string };
interface SlotDocument {
  id: string;
  kind: 'slot';
  listingId: string;
  pool: string;
  slot: number;
  sessionId: string;
  takenAt: string;
  _etag?: string;
}

export const sessionDocId = (sessionId: string): string => `session:${sessionId}`;
export const slotDocId = (pool: string, slot: number): string => `slot:${pool}:${slot}`;
const activeList = ACTIVE_STATUSES.map((s) => `'${s}'`).join(',');

/** Hands out ARM hot instances (CosmosTestDrivePool), while the start holds the customer's marker. */
export interface HotInstanceClaims {
  claim(session: Omit<TestDriveSession, 'slot'>, marker: HeldMarker): Promise<TestDriveSession | undefined>;
}

/**
 * Sessions and capacity slots in the `testDrives` container (partition = listing). Taking a slot
 * is creating its document in the same transactional batch as the session: Cosmos DB refuses the
 * second create of an id (409), so at most `capacity` sessions of a pool hold a slot, with no
 * counter to contend on. Freeing a slot deletes the document, conditionally on the holder.
 * One session per customer and offer: a marker document taken before the slot
 * (cosmosCustomerMarkers.ts), freed with the slot.
 */
export class CosmosTestDriveStore implements TestDriveStore {
  private readonly markers: CosmosCustomerMarkers;

  constructor(
    private readonly container: Container,
    /** ARM hot pools in the same container; without them `hotPool` reservations take a slot as usual. */
    private readonly hotPools?: HotInstanceClaims,
  ) {
    this.markers = new CosmosCustomerMarkers(container, (listingId, sessionId) => this.get(listingId, sessionId));
  }

  async reserve(session: Omit<TestDriveSession, 'slot'>, capacity: number, options: { hotPool?: boolean } = {}): Promise<ReserveResult> {
    // One session per customer and offer: the marker first, before any capacity is touched.
    const taken = await this.markers.take(session);
    if (!('held' in taken)) return taken;
    const marker = taken.held;
    let result: ReserveResult;
    try {
      const hot = options.hotPool && this.hotPools ? await this.hotPools.claim(session, marker) : undefined;
      result = hot ? { reserved: hot } : marker.lost ? await this.markers.refusal(session) : await this.takeSlot(session, capacity, marker);
    } catch (err) {
      // An unknown outcome: the marker is given back only if no session was stored with it.
      const stored = await this.get(session.listingId, session.sessionId).catch(() => 'unknown' as const);
      if (stored === undefined) await this.markers.free(session).catch(() => undefined);
      throw err;
    }
    if ('full' in result) await this.markers.free(session);
    return result;
  }

  /** A free slot of the pool with the session, in one batch conditional on still holding the marker. */
  private async takeSlot(session: Omit<TestDriveSession, 'slot'>, capacity: number, marker: HeldMarker): Promise<ReserveResult> {
    const held = await heldSlots(this.container, session.listingId, session.pool);
    if (held.size >= capacity) return { full: true, nextFreeAt: await this.nextFreeAt(session.listingId, session.pool) };
    // A capacity lowered by the publisher: sessions on slots numbered at or above it keep running
    // (nothing is ended) and still count, so a slot below it is kept only if the pool is not over
    // the limit once it is taken (checked after taking it: of two concurrent takers, the later one
    // sees both and gives its slot back).
    const lowered = [...held].some((slot) => slot >= capacity);

    // Start at a random slot so that concurrent requests mostly try different documents.
    const offset = randomInt(capacity);
    for (let i = 0; i < capacity; i++) {
      const slot = (offset + i) % capacity;
      if (held.has(slot)) continue;
      const slotDoc: SlotDocument = {
        id: slotDocId(session.pool, slot),
        kind: 'slot',
        listingId: session.listingId,
        pool: session.pool,
        slot,
        sessionId: session.sessionId,
        takenAt: session.requestedAt,
      };
      const doc: SessionDocument = { ...session, slot, id: sessionDocId(session.sessionId), kind: 'session' };
      // The marker's guard first: the stand-in does not roll back, so nothing may precede it.
      const operations: OperationInput[] = [
        marker.guard(),
        { operationType: BulkOperationType.Create, resourceBody: slotDoc as unknown as JSONObject },
        { operationType: BulkOperationType.Create, resourceBody: doc as unknown as JSONObject },
      ];
      const { result } = await this.container.items.batch(operations, session.listingId);
      if (!marker.settle(result?.[0])) return this.markers.refusal(session);
      const statuses = (result ?? []).map((r) => r.statusCode);
      if (statuses[1] === 409) continue;
      if (statuses.length === 0 || statuses.some((s) => s >= 400)) {
        throw new Error(`test drive reservation failed with statuses ${statuses.join(',')}`);
      }
      if (lowered && (await heldSlots(this.container, session.listingId, session.pool)).size > capacity) {
        await this.container.item(doc.id, session.listingId).delete();
        await this.release({ ...session, slot });
        break;
      }
      return { reserved: { ...session, slot } };
    }
    return { full: true, nextFreeAt: await this.nextFreeAt(session.listingId, session.pool) };
  }

  async get(listingId: string, sessionId: string): Promise<TestDriveSession | undefined> {
    const { resource } = await this.container.item(sessionDocId(sessionId), listingId).read<SessionDocument>();
    return resource ? toSession(resource) : undefined;
  }

  async update(listingId: string, sessionId: string, change: (s: TestDriveSession) => TestDriveSession): Promise<TestDriveSession> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const item = this.container.item(sessionDocId(sessionId), listingId);
      const { resource } = await item.read<SessionDocument>();
      if (!resource) throw new Error(`Test drive session ${sessionId} not found`);
      const next = change(toSession(resource));
      try {
        await item.replace({ ...next, id: resource.id, kind: 'session' }, { accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } });
        return next;
      } catch (err) {
        if ((err as { code?: number }).code !== 412) throw err;
      }
    }
    throw new Error(`Test drive session ${sessionId}: too many concurrent writes`);
  }

  async release(session: Pick<TestDriveSession, 'listingId' | 'sessionId' | 'pool' | 'slot' | 'hotInstanceId' | 'customer'>): Promise<void> {
    await this.freeSlot(session);
    // After the slot: a customer who may start again finds capacity freed too.
    await this.markers.free(session);
  }

  private async freeSlot(session: Pick<TestDriveSession, 'listingId' | 'sessionId' | 'pool' | 'slot' | 'hotInstanceId'>): Promise<void> {
    const item = this.container.item(slotDocId(session.pool, session.slot), session.listingId);
    const { resource } = await item.read<SlotDocument>();
    // A session given a hot instance holds the slot the instance took when it was deployed.
    const holders = [session.sessionId, ...(session.hotInstanceId ? [hotSlotHolder(session.hotInstanceId)] : [])];
    if (!resource || !holders.includes(resource.sessionId)) return;
    try {
      await item.delete({ accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } });
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code !== 404 && code !== 412) throw err;
    }
  }

  async listActive(listingId: string): Promise<TestDriveSession[]> {
    const { resources } = await this.container.items
      .query<SessionDocument>(
        {
          query: `SELECT * FROM c WHERE c.kind = 'session' AND c.listingId = @listing AND ARRAY_CONTAINS([${activeList}], c.status)`,
          parameters: [{ name: '@listing', value: listingId }],
        },
        { partitionKey: listingId },
      )
      .fetchAll();
    return resources.map(toSession).sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }

  async listActivePage(listingId: string, page: PageRequest): Promise<Page<TestDriveSession>> {
    const iterator = this.container.items.query<SessionDocument>(
      {
        query: `SELECT * FROM c WHERE c.kind = 'session' AND c.listingId = @listing AND ARRAY_CONTAINS([${activeList}], c.status) ORDER BY c.requestedAt`,
        parameters: [{ name: '@listing', value: listingId }],
      },
      { partitionKey: listingId, maxItemCount: page.pageSize, continuationToken: page.continuationToken },
    );
    const { resources, continuationToken } = await iterator.fetchNext();
    return { items: resources.map(toSession), ...(continuationToken ? { continuationToken } : {}) };
  }

  async listProvisioningSince(requestedBefore: string): Promise<TestDriveSession[]> {
    const { resources } = await this.container.items
      .query<SessionDocument>({
        query: `SELECT * FROM c WHERE c.kind = 'session' AND c.status = 'provisioning' AND NOT IS_DEFINED(c.endsAt) AND c.requestedAt < @before`,
        parameters: [{ name: '@before', value: requestedBefore }],
      })
      .fetchAll();
    return resources.map(toSession);
  }

  async listOverdue(before: string): Promise<TestDriveSession[]> {
    const { resources } = await this.container.items
      .query<SessionDocument>({
        query: `SELECT * FROM c WHERE c.kind = 'session' AND ARRAY_CONTAINS([${activeList}], c.status) AND IS_DEFINED(c.endsAt) AND c.endsAt < @before`,
        parameters: [{ name: '@before', value: before }],
      })
      .fetchAll();
    return resources.map(toSession);
  }

  /** The earliest end among the sessions holding the pool's slots (their expected end if not started yet). */
  private async nextFreeAt(listingId: string, pool: string): Promise<string | undefined> {
    const { resources } = await this.container.items
      .query<SessionDocument>(
        {
          query: `SELECT * FROM c WHERE c.kind = 'session' AND c.listingId = @listing AND c.pool = @pool AND ARRAY_CONTAINS([${activeList}], c.status)`,
          parameters: [
            { name: '@listing', value: listingId },
            { name: '@pool', value: pool },
          ],
        },
        { partitionKey: listingId },
      )
      .fetchAll();
    const ends = resources.map(
      (s) => s.endsAt ?? new Date(Date.parse(s.requestedAt) + s.durationHours * 3_600_000).toISOString(),
    );
    return ends.sort()[0];
  }
}

function toSession(doc: SessionDocument): TestDriveSession {
  const copy: Record<string, unknown> = { ...doc };
  for (const key of Object.keys(copy)) if (key === 'id' || key === 'kind' || key.startsWith('_')) delete copy[key];
  return copy as unknown as TestDriveSession;
}

/**
 * Slot numbers of a pool (a region, for ARM) that are held now, by sessions and hot instances
 * alike: both stores take slots of the same pools.
 */
export async function heldSlots(container: Container, listingId: string, pool: string): Promise<Set<number>> {
  const { resources } = await container.items
    .query<Pick<SlotDocument, 'slot'>>(
      {
        query: `SELECT c.slot FROM c WHERE c.kind = 'slot' AND c.listingId = @listing AND c.pool = @pool`,
        parameters: [
          { name: '@listing', value: listingId },
          { name: '@pool', value: pool },
        ],
      },
      { partitionKey: listingId },
    )
    .fetchAll();
  return new Set(resources.map((r) => r.slot));
}
