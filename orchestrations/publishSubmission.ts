import { createHash } from 'node:crypto';
import * as df from 'durable-functions';
import type { ActivityHandler, OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { emailClient } from '../adapters/email/emailClient';
import { getConfig } from '../app/config';
import { certificationClient, crmPackageProvisioner } from '../app/publishing/externalClients';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import type { CertificationReport } from '../domain/certification/certificationResult';
import { preflightChecks } from '../domain/publishing/preflightChecks';
import {
  recordSubmissionEvent,
  recordSubmissionStep,
  type SubmissionRef,
} from '../domain/publishing/recordSubmissionEvent';
import { retiredMarkets } from '../domain/publishing/retiredMarkets';
import type { Submission } from '../domain/publishing/Submission';
import {
  listingIdOf,
  snapshotHideKey,
  snapshotMarkets,
  storefrontOffer,
  type StorefrontListing,
} from '../domain/publishing/storefrontListing';
import { skipsCertification, type SubmissionEvent } from '../domain/publishing/submissionTransitions';
import {
  cancelEvent,
  certificationResultEvent,
  goLiveEvent,
  publishSubmissionOrchestrator,
  type CertificationResultEventData,
  type PublishInput,
} from '../domain/publishing/pipelineEvents';

/**
 * The publish pipeline, one instance per submission (instance id = submission id):
 * validation -> certification (send, then the callback event raced against a durable timer)
 * -> provisioning -> preview (+ e-mail) -> Go-live or cancel event -> publishing (+ e-mail).
 * Certification and provisioning are skipped for a marketing-only change.
 *
 * The input carries ids only: the snapshot (with the package URL and its SAS) stays in Cosmos DB
 * and activities read it, because orchestration history is stored and readable. Every activity
 * is idempotent: state changes carry a step key stored with the change, external calls carry
 * the submission id as their idempotency key, e-mails are recorded per step.
 */
export const validateSubmissionActivity = 'publishSubmission_validate';
export const sendToCertificationActivity = 'publishSubmission_sendToCertification';
export const recordCertificationActivity = 'publishSubmission_recordCertification';
export const provisionPackageActivity = 'publishSubmission_provision';
export const openPreviewActivity = 'publishSubmission_openPreview';
export const publishLiveActivity = 'publishSubmission_publish';
export const notifyPublisherActivity = 'publishSubmission_notify';

type StageOutcome = { outcome: 'passed'; marketingOnly?: boolean } | { outcome: 'stopped'; state: string };

const retry = (): df.RetryOptions => {
  const options = new df.RetryOptions(2000, 5);
  options.backoffCoefficient = 2;
  return options;
};

// ---- orchestrator ------------------------------------------------------------------------------

const publishSubmission: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput<PublishInput>();
  // One wait for cancel for the whole run: every stage races it.
  const cancel = context.df.waitForExternalEvent(cancelEvent);

  const validated = (yield context.df.callActivityWithRetry(
    validateSubmissionActivity,
    retry(),
    input,
  )) as StageOutcome;
  if (validated.outcome !== 'passed') return validated.state;

  if (validated.marketingOnly !== true) {
    const sent = (yield context.df.callActivityWithRetry(
      sendToCertificationActivity,
      retry(),
      input,
    )) as StageOutcome;
    if (sent.outcome !== 'passed') return sent.state;

    const deadline = new Date(
      context.df.currentUtcDateTime.getTime() + input.certificationDeadlineSeconds * 1000,
    );
    const timer = context.df.createTimer(deadline);
    const result = context.df.waitForExternalEvent(certificationResultEvent);
    const winner: unknown = yield context.df.Task.any([result, timer, cancel]);
    if (winner !== timer) timer.cancel();
    if (winner === cancel) return 'canceled';

    const data: CertificationResultEventData | undefined =
      winner === result ? (result.result as CertificationResultEventData) : undefined;
    const recorded = (yield context.df.callActivityWithRetry(recordCertificationActivity, retry(), {
      ...input,
      outcome: data?.result ?? 'timedOut',
      report: data?.report,
      deadline: deadline.toISOString(),
    })) as StageOutcome;
    if (recorded.outcome !== 'passed') {
      if (recorded.state === 'certificationFailed' || recorded.state === 'certificationTimedOut') {
        yield context.df.callActivityWithRetry(notifyPublisherActivity, retry(), {
          ...input,
          kind: recorded.state,
        });
      }
      return recorded.state;
    }

    const provisioned = (yield context.df.callActivityWithRetry(
      provisionPackageActivity,
      retry(),
      input,
    )) as StageOutcome;
    if (provisioned.outcome !== 'passed') return provisioned.state;
  }

  const preview = (yield context.df.callActivityWithRetry(
    openPreviewActivity,
    retry(),
    input,
  )) as StageOutcome;
  if (preview.outcome !== 'passed') return preview.state;
  yield context.df.callActivityWithRetry(notifyPublisherActivity, retry(), { ...input, kind: 'preview' });

  const goLive = context.df.waitForExternalEvent(goLiveEvent);
  // A cancel that came while the stages above ran (e.g. during the preview notice) has completed
  // already, and the library never completes a Task.any built on an already completed task.
  const decision: unknown = cancel.isCompleted ? cancel : yield context.df.Task.any([goLive, cancel]);
  if (decision === cancel) {
    yield context.df.callActivityWithRetry(openPreviewActivity, retry(), { ...input, close: true });
    return 'canceled';
  }

  const published = (yield context.df.callActivityWithRetry(
    publishLiveActivity,
    retry(),
    input,
  )) as StageOutcome;
  if (published.outcome !== 'passed') return published.state;
  yield context.df.callActivityWithRetry(notifyPublisherActivity, retry(), { ...input, kind: 'live' });
  return 'live';
};

df.app.orchestration(publishSubmissionOrchestrator, publishSubmission);

// ---- activities --------------------------------------------------------------------------------

const system = (service: string): string => `system:${service}`;
const now = (): Date => new Date();

async function record(
  ref: SubmissionRef,
  stepKey: string,
  event: SubmissionEvent,
  by: string,
): Promise<StageOutcome & { submission: Submission }> {
  const { submissions } = await getPublishingServices();
  const result = await recordSubmissionEvent(submissions, ref, stepKey, event, by, now);
  if (result.applied || result.alreadyApplied) return { outcome: 'passed', submission: result.submission };
  return { outcome: 'stopped', state: result.submission.state, submission: result.submission };
}

async function load(ref: SubmissionRef): Promise<Submission> {
  const { submissions } = await getPublishingServices();
  const s = await submissions.get(ref.accountId, ref.offerId, ref.submissionId);
  if (!s) throw new Error(`Submission ${ref.submissionId} not found`);
  return s;
}

const ref = (i: SubmissionRef): SubmissionRef => ({
  accountId: i.accountId,
  offerId: i.offerId,
  submissionId: i.submissionId,
});

/** Re-checks the frozen snapshot (time passed since submit: a SAS may have expired). */
const validate: ActivityHandler = async (input: PublishInput) => {
  const s = await load(input);
  const checks = preflightChecks(s.snapshot, now());
  const out = checks.passed
    ? await record(ref(input), 'validation', { type: 'validationPassed' }, system('validation'))
    : await record(
        ref(input),
        'validation',
        {
          type: 'validationFailed',
          summary: `${checks.issues.length} automated check(s) failed`,
          issues: checks.issues,
        },
        system('validation'),
      );
  if (!checks.passed && out.outcome === 'passed') return { outcome: 'stopped', state: 'validationFailed' };
  return out.outcome === 'passed'
    ? { outcome: 'passed', marketingOnly: skipsCertification(out.submission) }
    : { outcome: 'stopped', state: out.state };
};
df.app.activity(validateSubmissionActivity, { handler: validate });

/** Sends the package to certification (the submission id is the service's idempotency key). */
const sendToCertification: ActivityHandler = async (input: PublishInput) => {
  const s = await load(input);
  if (s.state !== 'certification') return { outcome: 'stopped', state: s.state };
  // Sent already (this activity re-ran after a crash): the service is not asked again.
  if (s.steps.includes('certification:sent')) return { outcome: 'passed' };
  const technical = s.snapshot.sections['technical-configuration'] ?? {};
  // A re-run whose record was lost asks first (a read), so the package is submitted once.
  const known = await certificationClient().get(s.submissionId);
  const request =
    known ??
    (await certificationClient().submit({
      submissionId: s.submissionId,
      offerId: s.offerId,
      callbackUrl: new URL('/api/certification/callback', input.apiOrigin).toString(),
      packageUrl: typeof technical.crmPackageUrl === 'string' ? technical.crmPackageUrl : '',
      notesForCertification: s.notesForCertification,
      requiresS2SOutboundOrSecureStore: technical.requiresS2SOutboundOrSecureStore === true,
      packageRegions: Array.isArray(technical.packageRegions)
        ? technical.packageRegions.map((r) => String((r as { region?: unknown }).region))
        : [],
    }));
  const out = await record(
    ref(input),
    'certification:sent',
    { type: 'certificationRequested', requestId: request.certificationRequestId },
    system('certification'),
  );
  return out.outcome === 'passed' ? { outcome: 'passed' } : { outcome: 'stopped', state: out.state };
};
df.app.activity(sendToCertificationActivity, { handler: sendToCertification });

const recordCertification: ActivityHandler = async (
  input: PublishInput & {
    outcome: 'passed' | 'failed' | 'timedOut';
    report?: CertificationReport;
    deadline: string;
  },
) => {
  const event: SubmissionEvent =
    input.outcome === 'timedOut'
      ? { type: 'certificationTimedOut', deadline: input.deadline }
      : input.outcome === 'passed'
        ? { type: 'certificationPassed', report: input.report ?? { summary: '', findings: [] } }
        : { type: 'certificationFailed', report: input.report ?? { summary: '', findings: [] } };
  const out = await record(ref(input), 'certification:result', event, system('certification'));
  if (out.outcome !== 'passed') return out;
  return out.submission.state === 'provisioning'
    ? { outcome: 'passed' }
    : { outcome: 'stopped', state: out.submission.state };
};
df.app.activity(recordCertificationActivity, { handler: recordCertification });

/** Makes the package available in the selected regions (deployment id = submission id + step). */
const provision: ActivityHandler = async (input: PublishInput) => {
  const s = await load(input);
  if (s.state !== 'provisioning') return { outcome: 'stopped', state: s.state };
  const technical = s.snapshot.sections['technical-configuration'] ?? {};
  const regions = (Array.isArray(technical.packageRegions) ? technical.packageRegions : []) as {
    region: string;
    applicationConfigurationUrl?: string;
  }[];
  const fallbackConfigUrl =
    typeof technical.applicationConfigurationUrl === 'string'
      ? technical.applicationConfigurationUrl
      : undefined;
  const result = await crmPackageProvisioner().provision({
    deploymentId: `${s.submissionId}-provisioning`,
    packageUrl: typeof technical.crmPackageUrl === 'string' ? technical.crmPackageUrl : '',
    regions: regions.map((r) => ({
      region: r.region,
      ...((r.applicationConfigurationUrl ?? fallbackConfigUrl)
        ? { applicationConfigurationUrl: r.applicationConfigurationUrl ?? fallbackConfigUrl }
        : {}),
    })),
  });
  if (result.status === 'failed') {
    const out = await record(
      ref(input),
      'provisioning:result',
      { type: 'provisioningFailed', summary: result.error?.message ?? 'The package deployment failed.' },
      system('provisioning'),
    );
    return { outcome: 'stopped', state: out.submission.state };
  }
  return { outcome: 'passed' };
};
df.app.activity(provisionPackageActivity, { handler: provision });

/** Makes the preview visible with the hide key (or, with `close`, takes a cancelled one down). */
const openPreview: ActivityHandler = async (input: PublishInput & { close?: boolean }) => {
  const s = await load(input);
  const { storefront, offerPublication } = await getPublishingServices();
  const listingId = listingIdOf(s.accountId, s.offerId);
  if (input.close === true) {
    await storefront.removePreview(listingId, s.submissionId);
    return { outcome: 'stopped', state: s.state };
  }
  if (s.state !== 'preview') {
    if (s.state !== 'provisioning' && s.state !== 'submitted') return { outcome: 'stopped', state: s.state };
    const listing: StorefrontListing = {
      listingId,
      accountId: s.accountId,
      offerId: s.offerId,
      submissionId: s.submissionId,
      version: 0,
      visibility: 'preview',
      publishedAt: now().toISOString(),
      markets: snapshotMarkets(s.snapshot),
      ...(snapshotHideKey(s.snapshot) ? { hideKey: snapshotHideKey(s.snapshot) } : {}),
      offer: storefrontOffer(s.snapshot),
    };
    await storefront.putPreview(listing);
  }
  const out = await record(ref(input), 'preview', { type: 'previewReady' }, system('pipeline'));
  if (out.outcome !== 'passed') {
    await storefront.removePreview(listingId, s.submissionId);
    return out.state === 'canceled'
      ? { outcome: 'stopped', state: 'canceled' }
      : { outcome: 'stopped', state: out.state };
  }
  await offerPublication.setState(s.accountId, s.offerId, { state: 'preview' });
  return { outcome: 'passed' };
};
df.app.activity(openPreviewActivity, { handler: openPreview });

/**
 * Go-live: the snapshot becomes the live version in one conditional write of the storefront's
 * live document (If-Match on the version read); the offer record is marked live. Re-running
 * finds its own submission live and only completes the records.
 */
const publishLive: ActivityHandler = async (input: PublishInput) => {
  const s = await load(input);
  if (s.state !== 'publishing')
    return s.state === 'live' ? { outcome: 'passed' } : { outcome: 'stopped', state: s.state };
  const { storefront, offerPublication } = await getPublishingServices();
  const listingId = listingIdOf(s.accountId, s.offerId);
  let version = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    const live = await storefront.get(listingId, 'live');
    version = live?.submissionId === s.submissionId ? live.version : (live?.version ?? 0) + 1;
    const wentLiveAt = now().toISOString();
    const markets = snapshotMarkets(s.snapshot);
    // A re-run finds its own version live: the record it wrote then is kept as it was.
    const retired =
      live?.submissionId === s.submissionId
        ? (live.retiredMarkets ?? [])
        : retiredMarkets(live, markets, version, wentLiveAt);
    const result = await storefront.publish(
      {
        listingId,
        accountId: s.accountId,
        offerId: s.offerId,
        submissionId: s.submissionId,
        version,
        visibility: 'live',
        publishedAt: wentLiveAt,
        markets,
        ...(retired.length > 0 ? { retiredMarkets: retired } : {}),
        offer: storefrontOffer(s.snapshot),
      },
      live?.submissionId ?? null,
    );
    if (result === 'published') break;
    if (attempt === 4) throw new Error(`Could not publish ${s.submissionId}: the live version kept changing`);
  }
  await storefront.removePreview(listingId, s.submissionId);
  await offerPublication.setState(s.accountId, s.offerId, {
    state: 'live',
    live: { submissionId: s.submissionId, wentLiveAt: now().toISOString() },
  });
  const out = await record(
    ref(input),
    'published',
    { type: 'published', liveVersion: version },
    system('pipeline'),
  );
  return out.outcome === 'passed' ? { outcome: 'passed' } : { outcome: 'stopped', state: out.state };
};
df.app.activity(publishLiveActivity, { handler: publishLive });

type NotifyKind = 'preview' | 'live' | 'certificationFailed' | 'certificationTimedOut';

/**
 * E-mails the publisher's engineering contact (listing.contacts.engineering) about a step. Sent
 * at most once per step: a stored step key is checked first, the ACS operation id (derived from
 * submission and step) de-duplicates a send whose record was lost, and the key is stored after.
 */
const notifyPublisher: ActivityHandler = async (input: PublishInput & { kind: NotifyKind }) => {
  const s = await load(input);
  const stepKey = `email:${input.kind}`;
  if (s.steps.includes(stepKey)) return { sent: false };
  const to = engineeringContact(s);
  if (to) {
    const message = emailFor(input.kind, s, input.apiOrigin);
    const poller = await emailClient().beginSend(
      {
        senderAddress: getConfig().EMAIL_SENDER_ADDRESS,
        recipients: { to: [{ address: to }] },
        content: { subject: message.subject, plainText: message.text },
        headers: { 'x-submission-id': s.submissionId, 'x-publishing-step': input.kind },
      },
      { operationId: deterministicUuid(`${s.submissionId}:${stepKey}`) },
    );
    await poller.pollUntilDone();
  }
  const { submissions } = await getPublishingServices();
  await recordSubmissionStep(
    submissions,
    ref(input),
    stepKey,
    to ? `emailed:${input.kind}` : `noRecipient:${input.kind}`,
    system('email'),
    now,
  );
  return { sent: to !== undefined };
};
df.app.activity(notifyPublisherActivity, { handler: notifyPublisher });

function engineeringContact(s: Submission): string | undefined {
  const contacts = (s.snapshot.sections.listing?.contacts ?? {}) as { engineering?: { email?: unknown } };
  return typeof contacts.engineering?.email === 'string' ? contacts.engineering.email : undefined;
}

function emailFor(kind: NotifyKind, s: Submission, apiOrigin: string): { subject: string; text: string } {
  const listedName = s.snapshot.sections.listing?.name;
  const name = typeof listedName === 'string' ? listedName : s.snapshot.alias;
  const listingPath = `/api/storefront/offers/${encodeURIComponent(listingIdOf(s.accountId, s.offerId))}`;
  switch (kind) {
    case 'preview': {
      const previewLink = new URL(listingPath, apiOrigin);
      previewLink.searchParams.set('hideKey', snapshotHideKey(s.snapshot) ?? '');
      return {
        subject: `Preview ready: ${name}`,
        text: `The preview of ${name} (offer ${s.offerId}, submission ${s.submissionId}) is ready.\n\nPreview: ${previewLink.toString()}\n\nReview it, then select Go-live to publish it.`,
      };
    }
    case 'live':
      return {
        subject: `Live: ${name}`,
        text: `${name} (offer ${s.offerId}) is live in the marketplace (version ${s.liveVersion ?? ''}).\n\n${new URL(listingPath, apiOrigin).toString()}`,
      };
    case 'certificationFailed':
      return {
        subject: `Certification failed: ${name}`,
        text: `Certification of ${name} (submission ${s.submissionId}) failed.\n\n${s.certificationReport?.summary ?? ''}\n${(s.certificationReport?.findings ?? []).map((f) => `- ${f.pointer}: ${f.message}`).join('\n')}`,
      };
    case 'certificationTimedOut':
      return {
        subject: `Certification timed out: ${name}`,
        text: `Certification of ${name} (submission ${s.submissionId}) did not answer in time. Submit again.`,
      };
  }
}

/** A UUID-shaped id derived from a key (ACS operation ids are UUIDs); the same key gives the same id. */
function deterministicUuid(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
