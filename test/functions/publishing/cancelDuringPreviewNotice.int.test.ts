import { startHoldingEmailRelay, type HoldingEmailRelay } from '../../support/holdingEmailRelay';
import { uniqueAccount } from '../../support/publisherApi';
import {
  createCompleteOffer,
  customerGet,
  publisherOn,
  startPublishingStack,
  waitForSubmission,
  type PublishingStack,
} from '../../support/publishingStack';
import { eventually } from '../../support/testDriveStack';
import { masterKeyHeader, stackInfo } from '../../support/stack';

jest.setTimeout(120_000);

/**
 * The "preview ready" e-mail is held back at a relay until the test releases it: the pipeline's
 * notify activity is then still running when the publisher cancels, after the preview opened and
 * before the pipeline waits for Go-live. That cancel used to be lost by the orchestration (its
 * cancel task had completed already, and the library never completes a Task.any built on an
 * already completed task): it waited for a Go-live that could no longer come, with the preview
 * still open.
 */
describe('Cancelling a submission while its preview notice is being sent', () => {
  let stack: PublishingStack;
  let relay: HoldingEmailRelay;
  const account = uniqueAccount('cancelnotice');
  const offerId = 'notice-cancel';

  beforeAll(async () => {
    relay = await startHoldingEmailRelay(new URL(stackInfo().urls.inbox), 'preview');
    stack = await startPublishingStack(relay.appSettings);
    await createCompleteOffer(account, offerId);
  }, 90_000);
  afterAll(async () => {
    relay?.release();
    await stack?.stop();
    await relay?.close();
  });

  it('When the publisher cancels while the preview notice is being sent, then the pipeline ends canceled and the preview is taken down', async () => {
    // Arrange: the preview is open and its notice held at the relay
    const as = await publisherOn(stack.host.url, account);
    const submitted = await as.call('POST', `/offers/${offerId}/submissions`, { notesForCertification: 'notice' });
    expect(submitted.status).toBe(202);
    const id = submitted.body.submissionId as string;
    await eventually(() => Promise.resolve(relay.held()), (n) => n === 1, 60_000, 'preview notice held');
    const listingId = `${account}.${offerId}`;
    expect((await customerGet(stack.host.url, `/storefront/offers/${listingId}?hideKey=preview2024`)).status).toBe(200);

    // Act: cancel while the notify activity waits on the e-mail, then let the e-mail go
    const canceled = await as.call('POST', `/offers/${offerId}/submissions/${id}/cancel`);
    expect(canceled.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    relay.release();

    // Assert: the orchestration ends canceled (it does not keep waiting for Go-live), preview gone
    const orchestration = await eventually(
      async () =>
        (await (
          await fetch(`${stack.host.url}/runtime/webhooks/durabletask/instances/${id}`, { headers: masterKeyHeader() })
        ).json()) as { runtimeStatus: string; output: unknown },
      (o) => o.runtimeStatus === 'Completed',
      30_000,
      'orchestration completed',
    );
    expect(orchestration.output).toBe('canceled');
    const done = await waitForSubmission(as, offerId, id, (s) => s.state === 'canceled');
    expect(done.state).toBe('canceled');
    await eventually(
      () => customerGet(stack.host.url, `/storefront/offers/${listingId}?hideKey=preview2024`),
      (r) => r.status === 404,
      10_000,
      'preview taken down',
    );
  });
});
