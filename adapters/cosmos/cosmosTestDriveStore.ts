import { randomInt } from 'node:crypto';
import { BulkOperationType, type Container, type JSONObject, type OperationInput } from '@azure/cosmos';
import type { ReserveResult, TestDriveStore } from '../../domain/testdrive/testDriveStore';
import { ACTIVE_STATUSES, type TestDriveSession } from '../../domain/testdrive/TestDriveSession';

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

const sessionDocId = (sessionId: string): string => `session:${sessionId}`;
const slotDocId = (pool: string, slot: number): string => `slot:${pool}:${slot}`;
const activeList = ACTIVE_STATUSES.map((s) => `'${s}'`).join(',');

/**
 * Sessions and capacity slots in the `testDrives` container (partition = listing). Taking a slot
 * is creating its document in the same transactional batch as the session: Cosmos DB refuses the
 * second create of an id (409), so at most `capacity` sessions of a pool hold a slot, with no
 * counter to contend on. Freeing a slot deletes the document, conditionally on the holder.
 */
export class CosmosTestDriveStore implements TestDriveStore {
  constructor(private readonly container: Container) {}

  async reserve(session: Omit<TestDriveSession, 'slot'>, capacity: number): Promise<ReserveResult> {
    const { resources: mine } = await this.container.items
      .query<SessionDocument>(
        {
          query: `SELECT * FROM c WHERE c.kind = 'session' AND c.customer.customerId = @customer AND ARRAY_CONTAINS([${activeList}], c.status)`,
          parameters: [{ name: '@customer', value: session.customer.customerId }],
        },
        { partitionKey: session.listingId },
      )
      .fetchAll();
    if (mine[0]) return { alreadyActive: toSession(mine[0]) };

    // Start at a random slot so that concurrent requests mostly try different documents.
    const offset = randomInt(capacity);
    for (let i = 0; i < capacity; i++) {
      const slot = (offset + i) % capacity;
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
      const operations: OperationInput[] = [
        { operationType: BulkOperationType.Create, resourceBody: slotDoc as unknown as JSONObject },
        { operationType: BulkOperationType.Create, resourceBody: doc as unknown as JSONObject },
      ];
      const { result } = await this.container.items.batch(operations, session.listingId);
      const statuses = (result ?? []).map((r) => r.statusCode);
      if (statuses[0] === 409) continue;
      if (statuses.length === 0 || statuses.some((s) => s >= 400)) {
        throw new Error(`test drive reservation failed with statuses ${statuses.join(',')}`);
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

  async release(session: Pick<TestDriveSession, 'listingId' | 'sessionId' | 'pool' | 'slot'>): Promise<void> {
    const item = this.container.item(slotDocId(session.pool, session.slot), session.listingId);
    const { resource } = await item.read<SlotDocument>();
    if (!resource || resource.sessionId !== session.sessionId) return;
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
        { query: `SELECT * FROM c WHERE c.kind = 'session' AND ARRAY_CONTAINS([${activeList}], c.status)` },
        { partitionKey: listingId },
      )
      .fetchAll();
    return resources.map(toSession).sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
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
          query: `SELECT * FROM c WHERE c.kind = 'session' AND c.pool = @pool AND ARRAY_CONTAINS([${activeList}], c.status)`,
          parameters: [{ name: '@pool', value: pool }],
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
