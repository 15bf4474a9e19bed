import { randomUUID } from 'node:crypto';
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { livePoolTargets } from '../app/testdrive/testDrivePools';
import { appLog } from '../app/telemetry/log';
import type { PoolDeleteReason, PoolInstance, PoolRegistration } from '../domain/testdrive/poolInstance';
import { decideTopUp } from '../domain/testdrive/poolTopUp';
import {
  poolDeleteOrchestrationId,
  poolInstanceOrchestrationId,
  testDrivePoolOrchestrator,
  type TestDrivePoolInput,
} from '../orchestrations/testDrivePool';

const RUNNING = new Set(['Running', 'Pending', 'ContinuedAsNew']);
/** An assigned instance whose session never appeared (a hand-out that failed half-way) is deleted after this. */
const ORPHAN_AFTER_MS = 5 * 60_000;

export interface TopUpResult {
  pools: number;
  /** Instance ids whose deployment was started. */
  deploying: string[];
  /** Instance ids being deleted without being handed out (stale, surplus, orphaned, interrupted). */
  deleting: string[];
  /** Used instances whose session ended: their documents were dropped. */
  forgotten: string[];
  /** Pools that wanted more instances but every slot of the region was held. */
  full: string[];
}

/**
 * Every 30 seconds: keeps each ARM hot pool registered for this app's task hub at its hot count.
 * Per region of a registered offer, the hot count and capacity come from the live plan with the
 * publisher's overrides (loadTestDrivePlan), never from the registration. New instances are
 * created with a capacity slot (none free: the pool waits, customers come first through the
 * slots they free) and deployed by their own orchestration; ready instances of an older version
 * or above the hot count are retired; deployments whose orchestration was lost are resumed
 * (not yet started) or deleted; used instances are forgotten once their session ended. Only
 * instances of this task hub are touched. "Now" is the timer's clock (the host clock locally).
 */
export async function topUpTestDrivePools(timer: Timer, context: InvocationContext): Promise<TopUpResult> {
  const now = new Date(Date.parse(timer?.scheduleStatus?.lastUpdated ?? '') || Date.now());
  const client = df.getClient(context);
  const hub = client.taskHubName;
  const { pools } = await getTestDriveServices();
  const byListing = new Map<string, PoolRegistration[]>();
  for (const r of await pools.listRegistrations(hub))
    byListing.set(r.listingId, [...(byListing.get(r.listingId) ?? []), r]);
  const result: TopUpResult = { pools: 0, deploying: [], deleting: [], forgotten: [], full: [] };
  for (const [listingId, registrations] of byListing) {
    try {
      await topUpListing(client, listingId, registrations, now, result);
    } catch (err) {
      // One offer must not stop the others; the next pass tries again.
      appLog(context).warn(
        `hot pool top-up: ${listingId}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  if (result.deploying.length + result.deleting.length + result.forgotten.length > 0) {
    appLog(context).info(
      `hot pool top-up: ${result.pools} pool(s), ${result.deploying.length} deploying, ${result.deleting.length} deleting, ${result.forgotten.length} forgotten`,
    );
  }
  return result;
}

async function topUpListing(
  client: DurableClient,
  listingId: string,
  registrations: PoolRegistration[],
  now: Date,
  result: TopUpResult,
): Promise<void> {
  const { pools, sessions } = await getTestDriveServices();
  const hub = client.taskHubName;
  const targets = await livePoolTargets(listingId);
  const instances = (await pools.listInstances(listingId)).filter((i) => i.taskHub === hub);
  const regions = new Set([...registrations.map((r) => r.region), ...instances.map((i) => i.region)]);
  for (const region of regions) {
    result.pools += 1;
    const registration = registrations.find((r) => r.region === region);
    const mine = instances.filter((i) => i.region === region);
    const target = targets.get(region);

    // Lost orchestrations and used instances first, so the decision below sees what is left.
    for (const instance of mine) {
      if (
        instance.status === 'deploying' &&
        !(await isRunning(client, poolInstanceOrchestrationId(instance.instanceId)))
      ) {
        // Never started (the pass stopped before starting it), or gone: start it again; the
        // deploy activity deletes the instance if an attempt had already begun.
        await startInstance(
          client,
          { listingId, instanceId: instance.instanceId },
          poolInstanceOrchestrationId(instance.instanceId),
        );
      } else if (instance.status === 'deleting' && !(await anyRunning(client, instance.instanceId))) {
        await startInstance(
          client,
          { listingId, instanceId: instance.instanceId, delete: instance.deleteReason ?? 'interrupted' },
          poolDeleteOrchestrationId(instance.instanceId),
        );
        result.deleting.push(instance.instanceId);
      } else if (instance.status === 'assigned') {
        const session = instance.sessionId ? await sessions.get(listingId, instance.sessionId) : undefined;
        if (session && (session.status === 'ended' || session.status === 'failed')) {
          // Its session deleted the resource group and freed the slot: only the record is left.
          await pools.forget(instance);
          result.forgotten.push(instance.instanceId);
        } else if (
          !session &&
          now.getTime() - Date.parse(instance.assignedAt ?? instance.createdAt) > ORPHAN_AFTER_MS
        ) {
          await retire(client, instance, 'orphaned', 'assigned', result);
        }
      }
    }

    const decision = decideTopUp(target, mine, now, registration?.lastFailureAt);
    for (const { instance, reason } of decision.retire)
      await retire(client, instance, reason, 'ready', result);
    for (let n = 0; n < decision.deploy && target; n++) {
      const created = await pools.create(
        {
          instanceId: randomUUID(),
          listingId,
          accountId: listingId.slice(0, listingId.indexOf('.')),
          offerId: listingId.slice(listingId.indexOf('.') + 1),
          submissionId: target.submissionId,
          region,
          status: 'deploying',
          taskHub: hub,
          createdAt: now.toISOString(),
          deployAttempts: 0,
        },
        target.capacity,
      );
      if (!created) {
        result.full.push(region);
        break;
      }
      await startInstance(
        client,
        { listingId, instanceId: created.instanceId },
        poolInstanceOrchestrationId(created.instanceId),
      );
      result.deploying.push(created.instanceId);
    }
    // An offer no longer live (or a region dropped) whose instances are all gone needs no pool.
    if (!target && mine.length === 0 && registration) await pools.unregister(listingId, region);
  }
}

/** Marks the instance `deleting` if it is still `from` (a conditional write: a hand-out racing it loses, or wins and keeps it), then deletes it. */
async function retire(
  client: DurableClient,
  instance: PoolInstance,
  reason: PoolDeleteReason,
  from: PoolInstance['status'],
  result: TopUpResult,
): Promise<void> {
  const { pools } = await getTestDriveServices();
  const marked = await pools.update(instance.listingId, instance.instanceId, (i) =>
    i.status !== from
      ? undefined
      : { ...i, status: 'deleting', deletingSince: new Date().toISOString(), deleteReason: reason },
  );
  if (marked?.status !== 'deleting') return;
  await startInstance(
    client,
    { listingId: instance.listingId, instanceId: instance.instanceId, delete: reason },
    poolDeleteOrchestrationId(instance.instanceId),
  );
  result.deleting.push(instance.instanceId);
}

async function startInstance(
  client: DurableClient,
  input: TestDrivePoolInput,
  instanceId: string,
): Promise<void> {
  try {
    await client.startNew(testDrivePoolOrchestrator, { instanceId, input });
  } catch (err) {
    // Started meanwhile (it finished between the status read and now, or another start won): it runs.
    if (!(err instanceof Error && /409|already exists/.test(err.message))) throw err;
  }
}

async function anyRunning(client: DurableClient, instanceId: string): Promise<boolean> {
  return (
    (await isRunning(client, poolInstanceOrchestrationId(instanceId))) ||
    (await isRunning(client, poolDeleteOrchestrationId(instanceId)))
  );
}

async function isRunning(client: DurableClient, orchestrationId: string): Promise<boolean> {
  try {
    return RUNNING.has((await client.getStatus(orchestrationId)).runtimeStatus ?? '');
  } catch (err) {
    if (err instanceof Error && err.message.includes('404')) return false;
    throw err;
  }
}

app.timer('topUpTestDrivePools', {
  schedule: '*/30 * * * * *',
  extraInputs: [df.input.durableClient()],
  handler: topUpTestDrivePools,
});
