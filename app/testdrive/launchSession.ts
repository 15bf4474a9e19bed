import type { DurableClient } from 'durable-functions';
import type { Lead } from '../../domain/leads/Lead';
import type { Customer } from '../../domain/testdrive/Customer';
import type { TestDriveSession } from '../../domain/testdrive/TestDriveSession';
import {
  deliverLeadInstanceId,
  deliverLeadOrchestrator,
  type DeliverLeadInput,
} from '../../orchestrations/deliverLead';
import {
  testDriveInstanceId,
  testDriveSessionOrchestrator,
  type TestDriveSessionInput,
} from '../../orchestrations/testDriveSession';
import { startIfAbsent } from '../durable/startIfAbsent';
import { startLeadDelivery } from '../leads/startLeadDelivery';
import { getTestDriveServices } from './getTestDriveServices';

/**
 * What follows the reservation of a session: its lead stored and delivered, its orchestration
 * started. Everything is derived from the session (lead id, instance ids), so running it again
 * finishes a start that was cut short, e.g. by a host killed between the reservation and the
 * orchestration start, which would otherwise leave a session `provisioning` with no
 * orchestration (its slot held, its lead never sent, an early end answered 500).
 *
 * `resume`: the session may already be launched (a retried start, an end): nothing that exists
 * is started again, and only a session still `provisioning` in this app's task hub is touched.
 */
export async function launchSession(
  client: DurableClient,
  session: TestDriveSession,
  resume = false,
): Promise<void> {
  if (
    resume &&
    (session.status !== 'provisioning' ||
      (session.taskHub !== undefined && session.taskHub !== client.taskHubName))
  )
    return;
  const { leads } = await getTestDriveServices();
  // The stored lead when it exists (create returns it): a replayed round is not started again.
  const lead = await leads.create(testDriveLead(session));
  if (!resume) await startLeadDelivery(client, lead);
  else if (lead.round === 1) {
    const input: DeliverLeadInput = { listingId: lead.listingId, leadId: lead.leadId, round: 1 };
    await startIfAbsent(client, deliverLeadOrchestrator, deliverLeadInstanceId(lead.leadId, 1), input);
  }
  const input: TestDriveSessionInput = { listingId: session.listingId, sessionId: session.sessionId };
  if (resume)
    await startIfAbsent(client, testDriveSessionOrchestrator, testDriveInstanceId(session.sessionId), input);
  else
    await client.startNew(testDriveSessionOrchestrator, {
      instanceId: testDriveInstanceId(session.sessionId),
      input,
    });
}

/** The lead a test drive start makes (the same every time for one session). */
export function testDriveLead(session: TestDriveSession): Lead {
  return {
    leadId: session.leadId,
    listingId: session.listingId,
    accountId: session.accountId,
    publisherId: session.accountId,
    offerId: session.offerId,
    offerTitle: session.offerTitle,
    source: 'AppSource (SPZA)',
    action: 'StartTestDrive',
    customer: leadCustomer(session.customer),
    createdAt: session.requestedAt,
    origin: 'testDrive',
    customerId: session.customer.customerId,
    sessionId: session.sessionId,
    submissionId: session.submissionId,
    // Starting a test drive is agreeing to be contacted: the marketplace says so on the button.
    consent: true,
    status: 'pending',
    attempts: [],
    round: 1,
    ...(session.taskHub ? { taskHub: session.taskHub } : {}),
  };
}

export function leadCustomer(c: Customer): Lead['customer'] {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    ...(c.company ? { company: c.company } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
    ...(c.country ? { country: c.country } : {}),
    ...(c.title ? { title: c.title } : {}),
  };
}
