import * as df from 'durable-functions';
import type { ActivityHandler, OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { sendEmail } from '../adapters/email/sendEmail';
import { ExternalServiceError } from '../adapters/net/ExternalServiceError';
import { aesGcmSecretStore } from '../adapters/secrets/secretStore';
import type { TestDriveSession as ProvisionedSession } from '../adapters/testdrive/TestDriveProvisioner';
import { getConfig } from '../app/config';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { provisionerFor } from '../app/testdrive/provisionerFor';
import type { EndReason, TestDriveSession } from '../domain/testdrive/TestDriveSession';

/**
 * One test drive session, one instance per session (`testdrive:<sessionId>`). The capacity slot
 * was taken with the session itself when the customer asked (so the answer could be given at
 * once); this orchestration provisions, e-mails the access details, waits for the durable timer
 * of `durationHours` or the `end` event (customer, publisher or sweeper), whichever comes first
 * (the loser is cancelled), deprovisions (retried until it succeeds; idempotent by session id),
 * frees the slot and e-mails that the session ended. A failed provisioning deprovisions whatever
 * was made and frees the slot too. An `end` that arrives while provisioning runs cannot stop the
 * running activity, but it wins once provisioning returns: no access is given (no access e-mail,
 * the session never becomes `active`), and the session is deprovisioned and ended like any other.
 * The input holds ids only; the app client secret is read by the activities from the secret store
 * and never appears in the history.
 */
export const testDriveSessionOrchestrator = 'testDriveSession';
export const provisionActivity = 'testDriveSession_provision';
export const grantAccessActivity = 'testDriveSession_grantAccess';
export const deprovisionActivity = 'testDriveSession_deprovision';
export const finishActivity = 'testDriveSession_finish';
export const endEvent = 'end';

export interface TestDriveSessionInput {
  listingId: string;
  sessionId: string;
  /**
   * Set by the sweeper when the session's own instance was lost: skip to deprovisioning and
   * finishing with this reason (the instance then runs as `testdrive-sweep:<sessionId>`).
   */
  endedBy?: 'sweeper';
}

export interface EndEventData {
  by: Exclude<EndReason, 'expired' | 'provisioningFailed'>;
}

type ProvisionResult = { ok: true } | { ok: false; error: string };

export function testDriveInstanceId(sessionId: string): string {
  return `testdrive:${sessionId}`;
}

/** The instance the sweeper starts to end a session whose own instance was lost. */
export function testDriveSweepInstanceId(sessionId: string): string {
  return `testdrive-sweep:${sessionId}`;
}

const retry = (attempts: number): df.RetryOptions => {
  const options = new df.RetryOptions(2000, attempts);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 60_000;
  return options;
};

const testDriveSession: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput<TestDriveSessionInput>();
  // Listen for `end` from the start: a customer may end the session while it is provisioning.
  const end = context.df.waitForExternalEvent(endEvent);
  const endRequestedBy = (): EndReason => (end.result as EndEventData | undefined)?.by ?? 'customer';

  let provisioned: ProvisionResult = { ok: true };
  let reason: EndReason;
  if (input.endedBy) {
    // A sweep of a session whose instance was lost: it is past its end, only the cleanup remains.
    reason = input.endedBy;
  } else {
    // Provisioning races `end`. An end that comes first cannot stop the running activity (its
    // result is awaited, so whatever it makes is found and removed below), but it wins: no access
    // is given. Which came first is the order of the history, so every replay decides the same.
    const provisioning = context.df.callActivity(provisionActivity, input);
    yield context.df.Task.any([provisioning, end]);
    // Its result (at once when it came first; a throw fails the orchestration, as it always did).
    provisioned = (yield provisioning) as ProvisionResult;
    if (end.isCompleted) {
      reason = endRequestedBy();
    } else if (!provisioned.ok) {
      reason = 'provisioningFailed';
    } else {
      const granted = (yield context.df.callActivityWithRetry(grantAccessActivity, retry(5), {
        ...input,
        startedAt: context.df.currentUtcDateTime.toISOString(),
      })) as { durationHours: number; endsAt: string };
      if (end.isCompleted) {
        // Ended while access was being given (the `end` came after provisioning returned). It must
        // be checked here: the library never completes a Task.any built on an already completed task.
        reason = endRequestedBy();
      } else {
        // The timer fires at the end the session records and the access e-mail announces, not at
        // one recomputed after the activity returned (later by the activity's run time).
        const timer = context.df.createTimer(new Date(granted.endsAt));
        const winner: unknown = yield context.df.Task.any([timer, end]);
        if (winner === timer) {
          reason = 'expired';
        } else {
          timer.cancel();
          reason = endRequestedBy();
        }
      }
    }
  }

  // Deprovisioning must succeed in the end: retried with back-off, then again after a pause, forever.
  for (;;) {
    try {
      yield context.df.callActivityWithRetry(deprovisionActivity, retry(4), input);
      break;
    } catch {
      yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 5 * 60_000));
    }
  }
  yield context.df.callActivityWithRetry(finishActivity, retry(10), {
    listingId: input.listingId,
    sessionId: input.sessionId,
    reason,
    endedAt: context.df.currentUtcDateTime.toISOString(),
    ...(provisioned.ok ? {} : { failure: provisioned.error }),
  });
  return reason;
};
df.app.orchestration(testDriveSessionOrchestrator, testDriveSession);

// ---- activities --------------------------------------------------------------------------------

async function loadSession(input: TestDriveSessionInput): Promise<TestDriveSession> {
  const { sessions } = await getTestDriveServices();
  const s = await sessions.get(input.listingId, input.sessionId);
  if (!s) throw new Error(`Test drive session ${input.sessionId} not found`);
  return s;
}

function provisionedSession(s: TestDriveSession): ProvisionedSession {
  const { firstName, lastName, email, company } = s.customer;
  return {
    sessionId: s.hotInstanceId ?? s.sessionId,
    offerId: s.offerId,
    customer: { firstName, lastName, email, ...(company ? { company } : {}) },
    ...(s.pool !== 'offer' ? { region: s.pool } : {}),
    durationHours: s.durationHours,
  };
}

const secretStore = () => aesGcmSecretStore(getConfig().SECRETS_ENCRYPTION_KEY);
/** What sealed access secrets are bound to: the session, or the hot instance (sealed when it was deployed). */
export const sealContext = (sessionOrInstanceId: string): string => `testdrive-access:${sessionOrInstanceId}`;

/**
 * Provisions with the offer's provisioner. Access details are stored on the session; secret ones
 * (a generated password) sealed, for the access e-mail. A failure is returned, not thrown: the
 * orchestration then cleans up. Idempotent: the provisioners find what an earlier attempt made.
 */
const provision: ActivityHandler = async (input: TestDriveSessionInput): Promise<ProvisionResult> => {
  const { sessions } = await getTestDriveServices();
  const s = await loadSession(input);
  if (s.status !== 'provisioning') return s.status === 'active' ? { ok: true } : { ok: false, error: `session is ${s.status}` };
  // A hot instance was deployed ahead and handed over with its access details: nothing to deploy.
  if (s.hotInstanceId && s.access) return { ok: true };
  try {
    const { provisioner } = await provisionerFor(s);
    const access = await provisioner.provision(provisionedSession(s));
    const sealed = access.secretDetails ? await secretStore().seal(JSON.stringify(access.secretDetails), sealContext(s.sessionId)) : undefined;
    await sessions.update(s.listingId, s.sessionId, (cur) => ({ ...cur, access: access.details, ...(sealed ? { sealedSecretAccess: sealed } : {}) }));
    return { ok: true };
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    await sessions.update(s.listingId, s.sessionId, (cur) => ({ ...cur, failure: error }));
    return { ok: false, error };
  }
};
df.app.activity(provisionActivity, { handler: provision });

/** Marks the session active with its end, e-mails the customer the access details (once), drops the sealed secrets. */
const grantAccess: ActivityHandler = async (input: TestDriveSessionInput & { startedAt: string }) => {
  const { sessions } = await getTestDriveServices();
  const s = await loadSession(input);
  const endsAt = s.endsAt ?? new Date(Date.parse(input.startedAt) + s.durationHours * 3_600_000).toISOString();
  const secrets = s.sealedSecretAccess
    ? (JSON.parse(await secretStore().open(s.sealedSecretAccess, sealContext(s.hotInstanceId ?? s.sessionId))) as Record<string, string>)
    : {};
  const lines = [...Object.entries(s.access ?? {}), ...Object.entries(secrets)].map(([k, v]) => `${k}: ${v}`);
  await sendEmail({
    to: [s.customer.email],
    subject: `Your test drive of ${s.offerTitle} is ready`,
    text: [
      `Hello ${s.customer.firstName},`,
      '',
      `your test drive of ${s.offerTitle} is ready. It ends by itself at ${endsAt} (${s.durationHours} h).`,
      '',
      ...lines,
      '',
      `Session ${s.sessionId}. You can end it earlier from the marketplace.`,
    ].join('\n'),
    idempotencyKey: `testdrive-access:${s.sessionId}`,
    headers: { 'x-test-drive-session': s.sessionId, 'x-test-drive-mail': 'access' },
  });
  // The sealed secrets are dropped (undefined is not stored) once the e-mail is out.
  await sessions.update(s.listingId, s.sessionId, (cur) => ({
    ...cur,
    sealedSecretAccess: undefined,
    ...(cur.status === 'provisioning' ? { status: 'active' as const, startedAt: input.startedAt, endsAt } : {}),
  }));
  return { durationHours: s.durationHours, endsAt };
};
df.app.activity(grantAccessActivity, { handler: grantAccess });

/** Removes what the session holds; throws (to be retried) until the service confirms it is gone. */
const deprovision: ActivityHandler = async (input: TestDriveSessionInput) => {
  const { sessions } = await getTestDriveServices();
  const s = await loadSession(input);
  if (s.status === 'ended' || s.status === 'failed') return { deprovisioned: false };
  if (s.status !== 'ending') await sessions.update(s.listingId, s.sessionId, (cur) => ({ ...cur, status: 'ending' }));
  const { provisioner } = await provisionerFor(s);
  try {
    await provisioner.deprovision(provisionedSession(s));
  } catch (err) {
    throw ExternalServiceError.from('test-drive', err);
  }
  return { deprovisioned: true };
};
df.app.activity(deprovisionActivity, { handler: deprovision });

/** Who ended a session that never started, as its "ended" e-mail says it. */
function endedByText(reason: EndReason): string {
  if (reason === 'customer') return 'you ended it';
  if (reason === 'publisher') return 'the publisher ended it';
  return 'it was ended';
}

/**
 * Frees the capacity slot, records the end and e-mails the customer (once). A session ended
 * before it got access (an end while it was provisioning, or a sweep of one lost then) gets an
 * "ended" e-mail too, worded for that case: the customer was waiting for access and learns that
 * none will come (from the publisher's or the sweeper's end, this is the only word they get), and
 * that the slot is free for a new start. Access details and sealed secrets such a session still
 * holds are dropped: they were never given and must not outlive it.
 */
const finish: ActivityHandler = async (input: TestDriveSessionInput & { reason: EndReason; endedAt: string; failure?: string }) => {
  const { sessions } = await getTestDriveServices();
  const s = await loadSession(input);
  await sessions.release(s);
  const failed = input.reason === 'provisioningFailed';
  const neverStarted = !s.startedAt;
  await sendEmail({
    to: [s.customer.email],
    subject: failed
      ? `Your test drive of ${s.offerTitle} could not be started`
      : neverStarted
        ? `Your test drive of ${s.offerTitle} was ended before it was ready`
        : `Your test drive of ${s.offerTitle} has ended`,
    text: failed
      ? `Hello ${s.customer.firstName},\n\nwe could not prepare your test drive of ${s.offerTitle}. Nothing was left running; please try again later.\n\nSession ${s.sessionId}.`
      : neverStarted
        ? `Hello ${s.customer.firstName},\n\nyour test drive of ${s.offerTitle} was ended (${endedByText(input.reason)}) while it was being prepared, so it never started and no access was given. Nothing was left running. You may start a new one at any time.\n\nSession ${s.sessionId}.`
        : `Hello ${s.customer.firstName},\n\nyour test drive of ${s.offerTitle} has ended (${input.reason === 'expired' ? 'its time was up' : 'it was ended'}) and its resources were removed. You may start a new one at any time.\n\nSession ${s.sessionId}.`,
    idempotencyKey: `testdrive-ended:${s.sessionId}`,
    headers: { 'x-test-drive-session': s.sessionId, 'x-test-drive-mail': failed ? 'failed' : 'ended' },
  });
  if (s.status !== 'ended' && s.status !== 'failed') {
    await sessions.update(s.listingId, s.sessionId, (cur) => ({
      ...cur,
      status: failed ? 'failed' : 'ended',
      endedAt: input.endedAt,
      endReason: input.reason,
      ...(input.failure ? { failure: input.failure } : {}),
      // Undefined is not stored: a session that never got access keeps no access details or secrets.
      ...(cur.startedAt ? {} : { access: undefined, sealedSecretAccess: undefined }),
    }));
  }
  return { released: true };
};
df.app.activity(finishActivity, { handler: finish });
