import { inbox, masterKeyHeader } from '../../support/stack';
import { uniqueAccount } from '../../support/publisherApi';
import {
  createCompleteOffer,
  customerGet,
  publisherOn,
  startPublishingStack,
  waitForSubmission,
  type PublishingStack,
} from '../../support/publishingStack';

jest.setTimeout(180_000);

/** The parts of the API's answers these tests read. */
type StageView = { stage: string; outcome?: string; detail?: string };

/**
 * Cancellation at each stage before live, over HTTP on the local host: the submission ends
 * `canceled` with the stage it was in closed as canceled, the orchestration ends (it does not
 * stay waiting), nothing is published, and the offer can be submitted again at once.
 * (Cancel in preview, with the preview taken down, is in publishPipeline.int.test.ts.)
 */
describe('Cancelling a submission', () => {
  let stack: PublishingStack;
  const account = uniqueAccount('cancel');

  beforeAll(async () => {
    stack = await startPublishingStack();
    await Promise.all([
      createCompleteOffer(account, 'in-certification'),
      createCompleteOffer(account, 'in-provisioning'),
    ]);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** The orchestration's own status, read with the master key (never handed to publishers). */
  const orchestration = async (id: string): Promise<{ runtimeStatus: string; output: unknown }> => {
    for (let i = 0; ; i++) {
      const res = await fetch(`${stack.host.url}/runtime/webhooks/durabletask/instances/${id}`, {
        headers: masterKeyHeader(),
      });
      const body = (await res.json()) as { runtimeStatus: string; output: unknown };
      if (body.runtimeStatus === 'Completed' || i > 100) return body;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('When a submission waiting for certification is cancelled, then it ends canceled and the late certification result changes nothing', async () => {
    // Arrange: certification answers after 3 s
    const as = await publisherOn(stack.host.url, account);
    const submitted = await as.call('POST', '/offers/in-certification/submissions', {
      notesForCertification: '[delay=3000]',
    });
    const id = submitted.body.submissionId as string;
    await waitForSubmission(as, 'in-certification', id, (s) =>
      s.activity.some((a: { action: string }) => a.action === 'sentToCertification'),
    );

    // Act
    const canceled = await as.call('POST', `/offers/in-certification/submissions/${id}/cancel`);

    // Assert
    expect(canceled.status).toBe(200);
    expect(canceled.body.state).toBe('canceled');
    expect(canceled.body.timeline.at(-1)).toMatchObject({ stage: 'certification', outcome: 'canceled' });
    expect(await orchestration(id)).toMatchObject({ runtimeStatus: 'Completed', output: 'canceled' });
    // The certification result arrives later and is acknowledged; the submission stays canceled
    await waitFor(
      () => stack.standIns.certification.get(id)?.deliveries.some((d) => d.status === 200) === true,
    );
    const after = (await as.call('GET', `/offers/in-certification/submissions/${id}`)).body;
    expect(after.state).toBe('canceled');
    expect(after.timeline.map((e: StageView) => [e.stage, e.outcome])).toEqual([
      ['validation', 'passed'],
      ['certification', 'canceled'],
    ]);
    expect(stack.standIns.crmProvisioning.deployments().some((d) => d.id.startsWith(id))).toBe(false);
    expect((await inbox().list()).filter((m) => m.headers['x-submission-id'] === id)).toEqual([]);
    expect(
      (
        await customerGet(
          stack.host.url,
          `/storefront/offers/${account}.in-certification?hideKey=preview2024`,
        )
      ).status,
    ).toBe(404);
    const again = await as.call('POST', '/offers/in-certification/submissions', {
      notesForCertification: '',
    });
    expect(again.status).toBe(202);
    await as.call('POST', `/offers/in-certification/submissions/${again.body.submissionId}/cancel`);
  });

  it('When a submission is cancelled while its package is being provisioned, then it ends canceled without a preview', async () => {
    // Arrange: the provisioning service fails its first two calls, so the stage lasts seconds (retries with back-off)
    stack.standIns.crmProvisioning.failures.failNext('put', 2, { mode: 'status', status: 503 });
    const as = await publisherOn(stack.host.url, account);
    const submitted = await as.call('POST', '/offers/in-provisioning/submissions', {
      notesForCertification: '',
    });
    const id = submitted.body.submissionId as string;
    await waitForSubmission(as, 'in-provisioning', id, (s) => s.state === 'provisioning');

    // Act
    const canceled = await as.call('POST', `/offers/in-provisioning/submissions/${id}/cancel`);

    // Assert
    expect(canceled.status).toBe(200);
    expect(canceled.body.timeline.at(-1)).toMatchObject({ stage: 'provisioning', outcome: 'canceled' });
    expect(await orchestration(id)).toMatchObject({ runtimeStatus: 'Completed', output: 'canceled' });
    const after = (await as.call('GET', `/offers/in-provisioning/submissions/${id}`)).body;
    expect(after.state).toBe('canceled');
    expect(after.timeline.map((e: StageView) => e.stage)).toEqual([
      'validation',
      'certification',
      'provisioning',
    ]);
    expect((await inbox().list()).filter((m) => m.headers['x-submission-id'] === id)).toEqual([]);
    expect(
      (await customerGet(stack.host.url, `/storefront/offers/${account}.in-provisioning?hideKey=preview2024`))
        .status,
    ).toBe(404);
    expect((await as.call('POST', `/offers/in-provisioning/submissions/${id}/go-live`)).status).toBe(409);
  });

  it('When a submission is live, then it can no longer be cancelled', async () => {
    const as = await publisherOn(stack.host.url, account);
    const submitted = await as.call('POST', '/offers/in-provisioning/submissions', {
      notesForCertification: '',
    });
    const id = submitted.body.submissionId as string;
    await waitForSubmission(as, 'in-provisioning', id, (s) => s.state === 'preview');
    await as.call('POST', `/offers/in-provisioning/submissions/${id}/go-live`);
    await waitForSubmission(as, 'in-provisioning', id, (s) => s.state === 'live');

    const refused = await as.call('POST', `/offers/in-provisioning/submissions/${id}/cancel`);

    expect(refused.status).toBe(409);
    expect(
      (await customerGet(stack.host.url, `/storefront/offers/${account}.in-provisioning`)).body,
    ).toMatchObject({ version: 1 });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
