import { completeOfferDraft, validCrmPackageUrl } from '../../support/offerFixtures';
import { decideIdempotency, requestFingerprint } from '../../../domain/publishing/idempotency';
import { isMarketingOnlyChange } from '../../../domain/publishing/marketingFields';
import { changedPointers, diffSnapshots } from '../../../domain/publishing/diffSnapshots';
import { preflightChecks } from '../../../domain/publishing/preflightChecks';
import { applySubmissionEvent } from '../../../domain/publishing/submissionTransitions';
import type { Submission } from '../../../domain/publishing/Submission';

const at = '2030-01-01T00:00:00.000Z';

function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    submissionId: 's1', accountId: 'a', offerId: 'o', state: 'submitted', notesForCertification: '', submittedAt: at,
    submittedBy: 'alice', marketingOnly: false, changedFields: [], basedOnLiveSubmissionId: null,
    snapshot: { alias: 'x', sections: {}, sectionRevisions: {}, assetIds: [], frozenAt: at },
    notes: [], timeline: [{ stage: 'validation', startedAt: at }], activity: [], updatedAt: at, steps: [], etag: 'e',
    ...overrides,
  };
}

describe('Submission transitions', () => {
  it('When validation passes for a marketing-only change, then certification and provisioning are recorded as skipped', () => {
    const r = applySubmissionEvent(submission({ marketingOnly: true }), { type: 'validationPassed' }, at, 'system');
    expect(r.ok && r.submission.timeline.map((e) => [e.stage, e.outcome])).toEqual([
      ['validation', 'passed'], ['certification', 'skipped'], ['provisioning', 'skipped'],
    ]);
  });

  it('When go-live is asked before preview or cancel after go-live, then the transition is refused', () => {
    expect(applySubmissionEvent(submission({ state: 'certification' }), { type: 'goLive', by: 'u' }, at, 'u').ok).toBe(false);
    expect(applySubmissionEvent(submission({ state: 'publishing' }), { type: 'cancel', by: 'u' }, at, 'u').ok).toBe(false);
    expect(applySubmissionEvent(submission({ state: 'live' }), { type: 'cancel', by: 'u' }, at, 'u').ok).toBe(false);
  });

  it('When certification times out, then the open stage closes as timedOut and the state is terminal', () => {
    const s = submission({ state: 'certification', timeline: [{ stage: 'certification', startedAt: at }] });
    const r = applySubmissionEvent(s, { type: 'certificationTimedOut', deadline: at }, at, 'system');
    expect(r.ok && [r.submission.state, r.submission.timeline[0]?.outcome]).toEqual(['certificationTimedOut', 'timedOut']);
  });
});

describe('Marketing-only detection', () => {
  const live = completeOfferDraft('powerBI').sections as never;

  it('When only listing fields and appVersion change against a live version, then the change is marketing-only', () => {
    const next = structuredClone(live) as any;
    next.listing.shortDescription = 'New words';
    next.properties.appVersion = '1.0.0.1';
    expect(isMarketingOnlyChange(true, changedPointers(diffSnapshots(live, next)))).toBe(true);
  });

  it('When the package URL changes, or nothing is live yet, then the change is not marketing-only', () => {
    const next = structuredClone(live) as any;
    next['technical-configuration'].crmPackageUrl = validCrmPackageUrl.replace('field-assist', 'v2');
    expect(isMarketingOnlyChange(true, changedPointers(diffSnapshots(live, next)))).toBe(false);
    expect(isMarketingOnlyChange(false, [])).toBe(false);
  });
});

describe('Pre-flight', () => {
  it('When the SAS grants more than read, then crmPackageUrl fails the pre-flight', () => {
    const draft = completeOfferDraft('powerBI') as any;
    draft.sections['technical-configuration'].crmPackageUrl = validCrmPackageUrl.replace('sp=r', 'sp=rw');
    const result = preflightChecks(draft, new Date(at));
    expect(result.passed).toBe(false);
    expect(result.issues.map((i) => i.pointer)).toContain('/technical-configuration/crmPackageUrl');
  });

  it('When the draft is complete, then the pre-flight passes', () => {
    expect(preflightChecks(completeOfferDraft('powerBI'), new Date(at)).issues).toEqual([]);
  });
});

describe('Idempotency keys', () => {
  const fp = requestFingerprint('submit', '/api/offers/o/submissions', { a: 1, b: 2 });
  const record = { accountId: 'a', scopedKey: 'submit k', fingerprint: fp, createdAt: at, claimToken: 't' };

  it('When the same body is sent with keys in another order, then the fingerprint is the same', () => {
    expect(requestFingerprint('submit', '/api/offers/o/submissions', { b: 2, a: 1 })).toBe(fp);
  });

  it('When a key is reused: other body 422-mismatch, first still running in-progress, finished replay, abandoned take-over', () => {
    expect(decideIdempotency(record, 'other', new Date(at)).kind).toBe('mismatch');
    expect(decideIdempotency(record, fp, new Date(at)).kind).toBe('inProgress');
    expect(decideIdempotency({ ...record, response: { status: 202, headers: {}, body: {} } }, fp, new Date(at)).kind).toBe('replay');
    expect(decideIdempotency(record, fp, new Date(Date.parse(at) + 120_000)).kind).toBe('takeOver');
  });

  it('When the request holding a key renewed its claim, then the lock counts from the renewal: still running 14 s after it, abandoned 16 s after it', () => {
    const renewed = { ...record, renewedAt: new Date(Date.parse(at) + 600_000).toISOString() };
    expect(decideIdempotency(renewed, fp, new Date(Date.parse(at) + 614_000)).kind).toBe('inProgress');
    expect(decideIdempotency(renewed, fp, new Date(Date.parse(at) + 616_000)).kind).toBe('takeOver');
    expect(decideIdempotency(record, fp, new Date(Date.parse(at) + 16_000)).kind).toBe('takeOver');
  });
});
