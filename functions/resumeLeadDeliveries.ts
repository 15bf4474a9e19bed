import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { startIfAbsent } from '../app/durable/startIfAbsent';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { appLog } from '../app/telemetry/log';
import {
  deliverLeadInstanceId,
  deliverLeadOrchestrator,
  type DeliverLeadInput,
} from '../orchestrations/deliverLead';

/** A delivery round starts within a request; a lead still pending this long after has had time to start. */
export const RESUME_GRACE_MS = 5 * 60_000;

export interface ResumeResult {
  pending: number;
  /** Leads whose delivery round had never started: started now. */
  resumed: string[];
}

/**
 * Every 5 minutes: a lead is stored before its delivery round is started, so a host stopped
 * between the two (a crash, a deployment) leaves it `pending` with no orchestration, neither
 * delivered nor visible as undelivered. Each lead of this app's task hub still pending 5 minutes
 * after it was made gets its current round started when that instance does not exist (an
 * existing one, running or waiting for its next attempt, is left alone). "Now" is the timer's
 * clock (the host clock locally).
 */
export async function resumeLeadDeliveries(timer: Timer, context: InvocationContext): Promise<ResumeResult> {
  const now = Date.parse(timer?.scheduleStatus?.lastUpdated ?? '') || Date.now();
  const client = df.getClient(context);
  const { leads } = await getTestDriveServices();
  const pending = (await leads.listPendingBefore(new Date(now - RESUME_GRACE_MS).toISOString())).filter(
    // Leads stored before they named their hub are left alone: on a shared database any host could
    // otherwise deliver another's (their start was never cut short by this failure anyway).
    (l) => l.taskHub === client.taskHubName,
  );
  const result: ResumeResult = { pending: pending.length, resumed: [] };
  for (const lead of pending) {
    try {
      const input: DeliverLeadInput = { listingId: lead.listingId, leadId: lead.leadId, round: lead.round };
      if (
        await startIfAbsent(
          client,
          deliverLeadOrchestrator,
          deliverLeadInstanceId(lead.leadId, lead.round),
          input,
        )
      ) {
        result.resumed.push(lead.leadId);
      }
    } catch (err) {
      // One lead must not stop the others; the next run tries again.
      appLog(context).warn(
        `resumeLeadDeliveries: lead ${lead.leadId}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  if (result.resumed.length > 0)
    appLog(context).info(
      `resumeLeadDeliveries: ${result.resumed.length} of ${result.pending} pending leads resumed`,
    );
  return result;
}

app.timer('resumeLeadDeliveries', {
  schedule: '30 */5 * * * *',
  extraInputs: [df.input.durableClient()],
  handler: resumeLeadDeliveries,
});
