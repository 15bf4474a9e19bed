import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { appLog } from '../app/telemetry/log';
import type { TestDriveSession } from '../domain/testdrive/TestDriveSession';
import {
  endEvent,
  testDriveInstanceId,
  testDriveSessionOrchestrator,
  testDriveSweepInstanceId,
  type EndEventData,
  type TestDriveSessionInput,
} from '../orchestrations/testDriveSession';

/** A session's own durable timer fires at `endsAt`; the sweeper steps in only this long after. */
export const SWEEP_GRACE_MS = 5 * 60_000;

/**
 * The longest provisioning may take (an ARM deployment is polled for up to about an hour). A
 * session still `provisioning` (so without `endsAt`) this long plus its `durationHours` plus the
 * grace after it was requested would have ended even had provisioning taken that long: it was
 * lost before it got access, and is swept like an overdue one.
 */
export const PROVISIONING_TIMEOUT_MS = 2 * 3_600_000;

/** When a session that never got access is certainly lost (see PROVISIONING_TIMEOUT_MS). */
export function provisioningDeadline(session: Pick<TestDriveSession, 'requestedAt' | 'durationHours'>): number {
  return Date.parse(session.requestedAt) + PROVISIONING_TIMEOUT_MS + session.durationHours * 3_600_000 + SWEEP_GRACE_MS;
}

const RUNNING = new Set(['Running', 'Pending', 'ContinuedAsNew']);

export interface SweepResult {
  overdue: number;
  /** Sessions whose instance was lost: a sweep instance deprovisions them. */
  swept: string[];
  /** Sessions whose instance still runs past its end: told to end (`end` event, by the sweeper). */
  nudged: string[];
}

/**
 * Every 5 minutes: finds sessions still holding resources more than 5 minutes past their end, and
 * sessions still `provisioning` past their provisioning deadline (lost before they got access, so
 * they have no end: requested more than PROVISIONING_TIMEOUT_MS + durationHours + grace ago).
 * When the session's orchestration is gone (terminated, failed, completed without ending the
 * session, or unknown to the task hub) a sweep instance deprovisions the session, frees its slot
 * and e-mails the customer (`endReason: sweeper`); when it still runs, it is sent the `end` event
 * (harmless if it is already deprovisioning). Only sessions of this app's task hub are touched.
 * "Now" is the timer's own clock (the host clock locally, so tests can move it).
 */
export async function sweepTestDrives(timer: Timer, context: InvocationContext): Promise<SweepResult> {
  const now = Date.parse(timer?.scheduleStatus?.lastUpdated ?? '') || Date.now();
  const client = df.getClient(context);
  const { sessions } = await getTestDriveServices();
  // Every test drive lasts at least an hour: sessions requested later cannot be past their deadline.
  const stuck = (await sessions.listProvisioningSince(new Date(now - PROVISIONING_TIMEOUT_MS - 3_600_000 - SWEEP_GRACE_MS).toISOString())).filter(
    (s) => provisioningDeadline(s) < now,
  );
  const overdue = [...(await sessions.listOverdue(new Date(now - SWEEP_GRACE_MS).toISOString())), ...stuck].filter(
    (s) => s.taskHub === undefined || s.taskHub === client.taskHubName,
  );
  const result: SweepResult = { overdue: overdue.length, swept: [], nudged: [] };
  for (const session of overdue) {
    try {
      const outcome = await sweepOne(client, session);
      if (outcome) result[outcome].push(session.sessionId);
    } catch (err) {
      // One session must not stop the others; the next run tries again.
      appLog(context).warn(
        `sweeper: session ${session.sessionId}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  if (result.overdue > 0)
    appLog(context).info(
      `sweeper: ${result.overdue} overdue, ${result.swept.length} swept, ${result.nudged.length} told to end`,
    );
  return result;
}

async function runtimeStatus(client: DurableClient, instanceId: string): Promise<string | undefined> {
  try {
    return (await client.getStatus(instanceId)).runtimeStatus;
  } catch (err) {
    if (err instanceof Error && err.message.includes('404')) return undefined;
    throw err;
  }
}

async function sweepOne(
  client: DurableClient,
  session: TestDriveSession,
): Promise<'swept' | 'nudged' | undefined> {
  const own = await runtimeStatus(client, testDriveInstanceId(session.sessionId));
  if (own !== undefined && RUNNING.has(own)) {
    const data: EndEventData = { by: 'sweeper' };
    await client.raiseEvent(testDriveInstanceId(session.sessionId), endEvent, data);
    return 'nudged';
  }
  const sweepId = testDriveSweepInstanceId(session.sessionId);
  const sweep = await runtimeStatus(client, sweepId);
  if (sweep !== undefined && RUNNING.has(sweep)) return undefined;
  const input: TestDriveSessionInput = {
    listingId: session.listingId,
    sessionId: session.sessionId,
    endedBy: 'sweeper',
  };
  await client.startNew(testDriveSessionOrchestrator, { instanceId: sweepId, input });
  return 'swept';
}

app.timer('sweepTestDrives', {
  schedule: '0 */5 * * * *',
  extraInputs: [df.input.durableClient()],
  handler: sweepTestDrives,
});
