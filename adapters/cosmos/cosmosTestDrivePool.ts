import { randomInt } from 'node:crypto';
import { BulkOperationType, type Container, type JSONObject, type OperationInput } from '@azure/cosmos';
import { hotSlotHolder, type PoolInstance, type PoolRegistration } from '../../domain/testdrive/poolInstance';
import { claimOrder } from '../../domain/testdrive/poolTopUp';
import type { TestDriveSession } from '../../domain/testdrive/TestDriveSession';
import type { HeldMarker } from './cosmosCustomerMarkers';
import { heldSlots, sessionDocId, slotDocId, type HotInstanceClaims } from './cosmosTestDriveStore';

type RegistrationDocument = PoolRegistration & { id: string; kind: 'poolRegistration'; _etag?: string };
type InstanceDocument = PoolInstance & { id: string; kind: 'poolInstance'; _etag?: string };

const registrationDocId = (region: string): string => `pool:${region}`;
const instanceDocId = (instanceId: string): string => `poolinst:${instanceId}`;
const codeOf = (err: unknown): number | undefined => (err as { code?: number }).code;

/**
 * The ARM hot pools in the `testDrives` container (partition = listing), next to the sessions and
 * capacity slots of `CosmosTestDriveStore`:
 * - `pool:<region>`: the registration (which task hub keeps the region's pool filled);
 * - `poolinst:<instanceId>`: one instance, created in one transactional batch with the capacity
 *   slot it holds (`slot:<region>:<n>`, holder `hot:<instanceId>`), so hot instances and sessions
 *   together never exceed the region's total;
 * - handing one out replaces the `ready` instance conditionally (If-Match) with `assigned` and
 *   creates the session on the same slot, in one batch with the conditional operations first
 *   (the customer's marker guard, then the instance): the local Cosmos DB stand-in does not roll
 *   a failed batch back, so nothing may be written before the operations that can lose a race.
 * The stand-in ignores the partition key on queries: every query also filters by listing.
 */
export class CosmosTestDrivePool implements HotInstanceClaims {
  constructor(private readonly container: Container) {}

  async register(registration: PoolRegistration): Promise<void> {
    const doc: RegistrationDocument = {
      ...registration,
      id: registrationDocId(registration.region),
      kind: 'poolRegistration',
    };
    await this.container.items.upsert(doc);
  }

  /** Registrations of one task hub (cross-partition). */
  async listRegistrations(taskHub: string): Promise<PoolRegistration[]> {
    const { resources } = await this.container.items
      .query<RegistrationDocument>({
        query: `SELECT * FROM c WHERE c.kind = 'poolRegistration' AND c.taskHub = @hub`,
        parameters: [{ name: '@hub', value: taskHub }],
      })
      .fetchAll();
    return resources.map(
      (d) => strip(d as unknown as Record<string, unknown>) as unknown as PoolRegistration,
    );
  }

  async recordFailure(listingId: string, region: string, at: string): Promise<void> {
    const item = this.container.item(registrationDocId(region), listingId);
    const { resource } = await item.read<RegistrationDocument>();
    if (!resource) return;
    await item.replace({ ...resource, lastFailureAt: at }).catch((err: unknown) => {
      if (codeOf(err) !== 404) throw err;
    });
  }

  async unregister(listingId: string, region: string): Promise<void> {
    await this.container
      .item(registrationDocId(region), listingId)
      .delete()
      .catch((err: unknown) => {
        if (codeOf(err) !== 404) throw err;
      });
  }

  async listInstances(listingId: string, region?: string): Promise<PoolInstance[]> {
    const { resources } = await this.container.items
      .query<InstanceDocument>(
        {
          query: `SELECT * FROM c WHERE c.kind = 'poolInstance' AND c.listingId = @listing${region === undefined ? '' : ' AND c.region = @region'}`,
          parameters: [
            { name: '@listing', value: listingId },
            ...(region === undefined ? [] : [{ name: '@region', value: region }]),
          ],
        },
        { partitionKey: listingId },
      )
      .fetchAll();
    return resources.map(toInstance);
  }

  async get(listingId: string, instanceId: string): Promise<PoolInstance | undefined> {
    const { resource } = await this.container
      .item(instanceDocId(instanceId), listingId)
      .read<InstanceDocument>();
    return resource ? toInstance(resource) : undefined;
  }

  /**
   * Applies `change` to the stored instance (re-read and retried on a concurrent write); `change`
   * returning undefined writes nothing. Resolves with what is stored afterwards (undefined: gone).
   */
  async update(
    listingId: string,
    instanceId: string,
    change: (i: PoolInstance) => PoolInstance | undefined,
  ): Promise<PoolInstance | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const item = this.container.item(instanceDocId(instanceId), listingId);
      const { resource } = await item.read<InstanceDocument>();
      if (!resource) return undefined;
      const next = change(toInstance(resource));
      if (next === undefined) return toInstance(resource);
      try {
        await item.replace(
          { ...next, id: resource.id, kind: 'poolInstance' },
          { accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } },
        );
        return next;
      } catch (err) {
        if (codeOf(err) !== 412) throw err;
      }
    }
    throw new Error(`Pool instance ${instanceId}: too many concurrent writes`);
  }

  /**
   * Creates a `deploying` instance together with a free capacity slot of its region (tried from a
   * random one), or resolves undefined when every slot is held (by sessions or other instances).
   */
  async create(instance: Omit<PoolInstance, 'slot'>, capacity: number): Promise<PoolInstance | undefined> {
    const held = await heldSlots(this.container, instance.listingId, instance.region);
    if (held.size >= capacity) return undefined;
    // A capacity lowered by the publisher: slots at or above it still count (as for sessions).
    const lowered = [...held].some((slot) => slot >= capacity);
    const offset = randomInt(Math.max(1, capacity));
    for (let i = 0; i < capacity; i++) {
      const slot = (offset + i) % capacity;
      if (held.has(slot)) continue;
      const slotDoc = {
        id: slotDocId(instance.region, slot),
        kind: 'slot',
        listingId: instance.listingId,
        pool: instance.region,
        slot,
        sessionId: hotSlotHolder(instance.instanceId),
        takenAt: instance.createdAt,
      };
      const doc: InstanceDocument = {
        ...instance,
        slot,
        id: instanceDocId(instance.instanceId),
        kind: 'poolInstance',
      };
      const operations: OperationInput[] = [
        { operationType: BulkOperationType.Create, resourceBody: slotDoc as unknown as JSONObject },
        { operationType: BulkOperationType.Create, resourceBody: doc as unknown as JSONObject },
      ];
      const { result } = await this.container.items.batch(operations, instance.listingId);
      const statuses = (result ?? []).map((r) => r.statusCode);
      if (statuses[0] === 409) continue;
      if (statuses.length === 0 || statuses.some((s) => s >= 400)) {
        throw new Error(`hot instance creation failed with statuses ${statuses.join(',')}`);
      }
      // Of two concurrent takers under a lowered capacity, the later one sees both and gives back.
      if (lowered && (await heldSlots(this.container, instance.listingId, instance.region)).size > capacity) {
        await this.forget({ ...instance, slot });
        return undefined;
      }
      return { ...instance, slot };
    }
    return undefined;
  }

  /**
   * Hands a ready instance of the session's version and region to a new session: the instance
   * becomes `assigned` (If-Match on the ready document) and the session is created on the
   * instance's slot with its access details and sealed secrets, in one batch that begins with the
   * guard of the customer's marker (the start must still hold it; CosmosTestDriveStore.reserve
   * took it). Undefined when no ready instance is left (the ordinary reservation then answers) or
   * the marker was lost (`marker.lost`).
   */
  async claim(session: Omit<TestDriveSession, 'slot'>, marker: HeldMarker): Promise<TestDriveSession | undefined> {
    const { resources } = await this.container.items
      .query<InstanceDocument>(
        {
          query: `SELECT * FROM c WHERE c.kind = 'poolInstance' AND c.listingId = @listing AND c.region = @region AND c.status = 'ready'`,
          parameters: [
            { name: '@listing', value: session.listingId },
            { name: '@region', value: session.pool },
          ],
        },
        { partitionKey: session.listingId },
      )
      .fetchAll();
    const etags = new Map(resources.map((d) => [d.instanceId, d._etag ?? '']));
    for (const instance of claimOrder(resources.map(toInstance), session.pool, session.submissionId)) {
      const assigned: InstanceDocument = {
        ...instance,
        status: 'assigned',
        sessionId: session.sessionId,
        assignedAt: session.requestedAt,
        id: instanceDocId(instance.instanceId),
        kind: 'poolInstance',
      };
      delete (assigned as { sealedSecretAccess?: string }).sealedSecretAccess;
      const claimed: TestDriveSession = {
        ...session,
        slot: instance.slot,
        hotInstanceId: instance.instanceId,
        ...(instance.access ? { access: instance.access } : {}),
        ...(instance.sealedSecretAccess ? { sealedSecretAccess: instance.sealedSecretAccess } : {}),
      };
      // Conditional operations first: the local stand-in does not roll a failed batch back.
      const operations: OperationInput[] = [
        marker.guard(),
        {
          operationType: BulkOperationType.Replace,
          id: assigned.id,
          resourceBody: assigned as unknown as JSONObject,
          ifMatch: etags.get(instance.instanceId) ?? '',
          // The local stand-in reads each replace's partition key from the operation itself.
          partitionKey: session.listingId,
        },
        {
          operationType: BulkOperationType.Create,
          resourceBody: {
            ...claimed,
            id: sessionDocId(session.sessionId),
            kind: 'session',
          } as unknown as JSONObject,
        },
      ];
      const { result } = await this.container.items.batch(operations, session.listingId);
      if (!marker.settle(result?.[0])) return undefined;
      const statuses = (result ?? []).map((r) => r.statusCode);
      // Someone else got this one (or it is being retired): try the next.
      if (statuses[1] === 412 || statuses[1] === 404) continue;
      if (statuses.length === 0 || statuses.some((s) => s >= 400)) {
        // An assigned instance without its session is deleted by the next top-up pass ('orphaned').
        throw new Error(`hot instance hand-out failed with statuses ${statuses.join(',')}`);
      }
      return claimed;
    }
    return undefined;
  }

  /** Frees the instance's slot (if it still holds it) and removes its document. */
  async forget(instance: Pick<PoolInstance, 'listingId' | 'instanceId' | 'region' | 'slot'>): Promise<void> {
    const slot = this.container.item(slotDocId(instance.region, instance.slot), instance.listingId);
    const { resource } = await slot.read<{ sessionId: string; _etag?: string }>();
    if (resource && resource.sessionId === hotSlotHolder(instance.instanceId)) {
      await slot
        .delete({ accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } })
        .catch((err: unknown) => {
          const code = codeOf(err);
          if (code !== 404 && code !== 412) throw err;
        });
    }
    await this.container
      .item(instanceDocId(instance.instanceId), instance.listingId)
      .delete()
      .catch((err: unknown) => {
        if (codeOf(err) !== 404) throw err;
      });
  }
}

function strip(doc: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...doc };
  for (const key of Object.keys(copy))
    if (key === 'id' || key === 'kind' || key.startsWith('_')) delete copy[key];
  return copy;
}

function toInstance(doc: InstanceDocument): PoolInstance {
  return strip(doc as unknown as Record<string, unknown>) as unknown as PoolInstance;
}
