import { randomUUID } from 'node:crypto';
import type { DurableClient } from 'durable-functions';
import type { TestDriveRequest } from '../../domain/leads/contactRequest';
import type { Customer } from '../../domain/testdrive/Customer';
import { poolFor } from '../../domain/testdrive/testDrivePlan';
import type { TestDriveSession } from '../../domain/testdrive/TestDriveSession';
import type { SignedInCustomer } from '../auth/customerAuthenticator';
import { AppError } from '../http/AppError';
import { launchSession } from './launchSession';
import { enforceQuotas } from './enforceQuotas';
import { getTestDriveServices } from './getTestDriveServices';
import { loadTestDrivePlan } from './loadTestDrivePlan';
import { reserveTestDrive } from './testDrivePools';
import { findPublishedOffer } from './publishedOffer';

/**
 * A customer asks for a test drive: the offer must be visible to them (live, or the preview with
 * its hide key) with the test drive enabled; a capacity slot of the pool is taken together with
 * the session (refused at once with Retry-After when every slot is held); the lead is stored and
 * its delivery started; the session orchestration is started. Answers without waiting for
 * provisioning.
 */
export async function startTestDrive(
  client: DurableClient,
  request: { listingId: string; hideKey: string | null; customer: SignedInCustomer; body: TestDriveRequest; now: Date },
): Promise<TestDriveSession> {
  const offer = await findPublishedOffer(request.listingId, request.hideKey);
  if (!offer) throw new AppError('notFound', `There is no offer ${request.listingId} you can see.`);
  const plan = await loadTestDrivePlan(offer);
  if ('unavailable' in plan) throw new AppError('testDriveUnavailable', plan.unavailable);
  const pool = poolFor(plan, request.body.region);
  if (typeof pool !== 'string') {
    throw new AppError('validationFailed', `region must be one of ${pool.unknownRegion.join(', ')}.`, [
      { pointer: '/region', code: 'notInList', message: `region must be one of the test drive's regions: ${pool.unknownRegion.join(', ')}` },
    ]);
  }
  const customer = customerOf(request.customer, request.body);
  // Paid work: counted per customer and per offer before a slot is taken (429 quotaExceeded).
  const quota = await enforceQuotas('testDriveStarts', { customerId: customer.customerId, listingId: offer.listingId }, request.now.getTime());
  const sessionId = randomUUID();
  const leadId = randomUUID();
  const requestedAt = request.now.toISOString();
  const { sessions } = await getTestDriveServices();
  const capacity = plan.pools[pool]?.capacity ?? 1;
  const reserved = await withRefund(quota.refund, () => reserveTestDrive(
    {
      sessionId,
      listingId: offer.listingId,
      accountId: offer.accountId,
      offerId: offer.offerId,
      submissionId: offer.submissionId,
      visibility: offer.visibility,
      offerTitle: offer.offerTitle,
      type: plan.type,
      pool,
      customer,
      leadId,
      durationHours: plan.durationHours,
      status: 'provisioning',
      requestedAt,
      taskHub: client.taskHubName,
    },
    capacity,
    // ARM: a ready hot instance of the region is handed out first (orchestrations/testDrivePool.ts).
    plan.family === 'arm',
  ));
  // Refused for another reason: no paid work was done, so the quota admissions are given back.
  if (!('reserved' in reserved)) await quota.refund();
  if ('alreadyActive' in reserved) {
    // A start cut short (the host stopped between the reservation and the orchestration start)
    // is finished by the customer's retry, which is how a client learns what happened.
    await launchSession(client, reserved.alreadyActive, true);
    throw new AppError('testDriveAlreadyActive', `Session ${reserved.alreadyActive.sessionId} of this offer is still running; end it or wait for it to end.`, [], {
      Location: sessionPath(offer.listingId, reserved.alreadyActive.sessionId),
    });
  }
  if ('alreadyStarting' in reserved) {
    // Simultaneous starts of one customer: one stores its session, the others learn of it here.
    throw new AppError(
      'testDriveAlreadyActive',
      'Another request of yours is starting a test drive of this offer right now; ask again shortly to get its session.',
      [],
      { 'Retry-After': String(reserved.alreadyStarting.retryAfterSeconds) },
    );
  }
  if ('full' in reserved) {
    const waitSeconds = reserved.nextFreeAt ? Math.max(1, Math.ceil((Date.parse(reserved.nextFreeAt) - request.now.getTime()) / 1000)) : 60;
    throw new AppError(
      'testDriveCapacityFull',
      `All ${capacity} test drives${pool === 'offer' ? '' : ` in ${pool}`} are in use; the next one frees up by ${reserved.nextFreeAt ?? 'soon'}. Nothing is queued: ask again then.`,
      [],
      { 'Retry-After': String(waitSeconds) },
    );
  }
  const session = reserved.reserved;

  try {
    await launchSession(client, session);
  } catch (err) {
    // Nothing runs for this session: give the slot back before answering with the error.
    await sessions.update(offer.listingId, sessionId, (s) => ({ ...s, status: 'failed', failure: 'the session could not be started' }));
    await sessions.release(session);
    await quota.refund();
    throw err;
  }
  return session;
}

async function withRefund<T>(refund: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    await refund();
    throw err;
  }
}

export function sessionPath(listingId: string, sessionId: string): string {
  return `/api/storefront/offers/${encodeURIComponent(listingId)}/test-drives/${encodeURIComponent(sessionId)}`;
}

function customerOf(signedIn: SignedInCustomer, body: TestDriveRequest): Customer {
  const local = signedIn.email.split('@')[0] ?? signedIn.email;
  return {
    customerId: signedIn.customerId,
    email: signedIn.email,
    firstName: body.firstName ?? signedIn.firstName ?? local,
    lastName: body.lastName ?? signedIn.lastName ?? '-',
    ...(body.company ? { company: body.company } : {}),
    ...(body.phone ? { phone: body.phone } : {}),
    ...(body.country ? { country: body.country } : {}),
    ...(body.title ? { title: body.title } : {}),
  };
}

export { leadCustomer } from './launchSession';
