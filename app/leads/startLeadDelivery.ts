import type { DurableClient } from 'durable-functions';
import { deliverLeadInstanceId, deliverLeadOrchestrator, type DeliverLeadInput } from '../../orchestrations/deliverLead';
import type { Lead } from '../../domain/leads/Lead';

/**
 * Starts a delivery round of a stored lead. The instance id names the lead and the round, so a
 * repeated start of the same round is refused by the durable engine instead of delivering twice.
 */
export async function startLeadDelivery(client: DurableClient, lead: Pick<Lead, 'listingId' | 'leadId' | 'round'>): Promise<string> {
  const input: DeliverLeadInput = { listingId: lead.listingId, leadId: lead.leadId, round: lead.round };
  const instanceId = deliverLeadInstanceId(lead.leadId, lead.round);
  try {
    return await client.startNew(deliverLeadOrchestrator, { instanceId, input });
  } catch (err) {
    const status = await client.getStatus(instanceId).catch(() => undefined);
    if (status) return instanceId; // already started by an earlier attempt of this request
    throw err;
  }
}
