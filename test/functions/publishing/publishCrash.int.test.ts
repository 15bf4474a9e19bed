import { inbox } from '../../support/stack';
import { uniqueAccount } from '../../support/publisherApi';
import {
  createCompleteOffer,
  customerGet,
  publisherOn,
  startPublishingStack,
  waitForSubmission,
  type PublishingStack,
} from '../../support/publishingStack';

jest.setTimeout(150_000);

/** The parts of the API's answers these tests read. */
type StageView = { stage: string; outcome?: string; detail?: string };

const PIPELINES = 20;

/** Every fourth pipeline is rejected by certification; the others are approved after a spread of delays. */
const rejected = (i: number): boolean => i % 4 === 3;

/**
 * Crash safety of the publish pipeline: 20 submissions are in flight (certification pending,
 * callbacks arriving, provisioning, previews opening) when the host is killed with SIGKILL and
 * restarted on the same port; then the approved ones are taken live and the host is killed again
 * while they publish. Every pipeline must end in the state it should, every e-mail must be in the
 * inbox exactly once and certification must have been asked once per submission.
 */
describe('Publishing pipeline under SIGKILL', () => {
  let stack: PublishingStack;
  const account = uniqueAccount('crash');
  const offers = Array.from({ length: PIPELINES }, (_, i) => `crash-${i}`);

  beforeAll(async () => {
    stack = await startPublishingStack();
    // Complete offers, a few at a time (asset uploads are real).
    for (let i = 0; i < offers.length; i += 5) {
      await Promise.all(offers.slice(i, i + 5).map((o) => createCompleteOffer(account, o)));
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Retries a call that a killed host could not answer. */
  const untilAnswered = async <T>(call: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };

  it('When the host is killed mid-flight and again during go-live, then all 20 pipelines end right with each e-mail sent once', async () => {
    const started = Date.now();
    const as = await publisherOn(stack.host.url, account);

    // Act 1: submit all 20; certification answers between 0.3 s and 2.2 s later.
    const ids = await Promise.all(
      offers.map(async (offerId, i) => {
        const notes = rejected(i)
          ? `[reject:/listing/description] [delay=${300 + i * 100}]`
          : `Release ${i}. [delay=${300 + i * 100}]`;
        const res = await as.call('POST', `/offers/${offerId}/submissions`, { notesForCertification: notes });
        expect(res.status).toBe(202);
        return res.body.submissionId as string;
      }),
    );
    await new Promise((r) => setTimeout(r, 1200));
    await stack.crashAndRestartHost();

    // Assert 1: each pipeline reaches preview, or certificationFailed.
    const firstStop = await Promise.all(
      offers.map((offerId, i) =>
        untilAnswered(() =>
          waitForSubmission(
            as,
            offerId,
            ids[i] as string,
            (s) => s.state === 'preview' || s.state === 'certificationFailed',
            45_000,
          ),
        ),
      ),
    );
    expect(firstStop.map((s) => s.state)).toEqual(
      offers.map((_, i) => (rejected(i) ? 'certificationFailed' : 'preview')),
    );

    // Act 2: go live on every preview, then kill the host while they publish.
    const approved = offers.map((_, i) => i).filter((i) => !rejected(i));
    await Promise.all(
      approved.map(async (i) => {
        const res = await as.call('POST', `/offers/${offers[i]}/submissions/${ids[i]}/go-live`);
        expect(res.status).toBe(202);
      }),
    );
    await stack.crashAndRestartHost();

    // Assert 2: final states, storefront, e-mails, certification calls.
    const final = await Promise.all(
      offers.map((offerId, i) =>
        untilAnswered(() =>
          waitForSubmission(
            as,
            offerId,
            ids[i] as string,
            (s) => s.state === (rejected(i) ? 'certificationFailed' : 'live'),
            45_000,
          ),
        ),
      ),
    );
    for (const [i, s] of final.entries()) {
      if (rejected(i)) {
        expect(s.timeline.map((e: StageView) => [e.stage, e.outcome])).toEqual([
          ['validation', 'passed'],
          ['certification', 'failed'],
        ]);
        expect(s.certificationReport.findings).toEqual([
          expect.objectContaining({ pointer: '/listing/description' }),
        ]);
      } else {
        expect(s.liveVersion).toBe(1);
        expect(s.timeline.map((e: StageView) => [e.stage, e.outcome])).toEqual([
          ['validation', 'passed'],
          ['certification', 'passed'],
          ['provisioning', 'passed'],
          ['preview', 'passed'],
          ['publishing', 'passed'],
        ]);
      }
    }
    for (const [i, offerId] of offers.entries()) {
      const listing = await customerGet(stack.host.url, `/storefront/offers/${account}.${offerId}`);
      if (rejected(i)) expect(listing.status).toBe(404);
      else expect(listing.body).toMatchObject({ visibility: 'live', version: 1, offerId });
    }

    // Give a duplicate e-mail (if any) the time to show up before counting.
    await new Promise((r) => setTimeout(r, 1000));
    const mails = await inbox().list();
    const subjectsOf = (id: string): string[] =>
      mails
        .filter((m) => m.headers['x-submission-id'] === id)
        .map((m) => m.subject.split(':')[0] as string)
        .sort();
    expect(ids.map(subjectsOf)).toEqual(
      offers.map((_, i) => (rejected(i) ? ['Certification failed'] : ['Live', 'Preview ready'])),
    );

    // Certification: one request per submission (a PUT repeated by a re-run activity is the same request).
    const records = stack.standIns.certification.records().filter((r) => ids.includes(r.submissionId));
    expect(records.map((r) => r.submissionId).sort()).toEqual([...ids].sort());
    for (const [i, id] of ids.entries()) {
      expect(stack.standIns.certification.get(id)?.status).toBe(rejected(i) ? 'failed' : 'passed');
    }
    const submitCalls = records.reduce((n, r) => n + r.submitCalls, 0);
    expect(records.map((r) => r.submitCalls)).toEqual(records.map(() => 1));
    process.stdout.write(
      `publish crash test: ${PIPELINES} pipelines, 2 kills, ${submitCalls} certification submit calls, ${mails.filter((m) => ids.includes(m.headers['x-submission-id'] ?? '')).length} e-mails, ${Date.now() - started} ms\n`,
    );
  });
});
