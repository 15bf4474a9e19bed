import { randomBytes } from 'node:crypto';
import type { HostProcess } from '../../../devhost/stack';
import type { ExternalStandIns } from '../../../devhost/standins/externalStandIns';
import { startTestExternalStandIns } from '../../support/externalStandIns';
import { startHoldingEmailRelay, type HoldingEmailRelay } from '../../support/holdingEmailRelay';
import { uniqueAccount } from '../../support/publisherApi';
import { inbox, stackInfo } from '../../support/stack';
import {
  customerOn,
  eventually,
  publishTestDriveOffer,
  startTestDriveHost,
  testDriveHostEnv,
  type TestDriveStack,
} from '../../support/testDriveStack';

jest.setTimeout(120_000);

/**
 * The access e-mail is held back at a relay until the test releases it: the session's grant
 * activity is then still running when the customer ends the session, the moment the end used to
 * be lost (recorded after provisioning returned but before the expiry timer was set; the library
 * never completes a Task.any built on an already completed task, so the session stayed active
 * until it expired).
 */
describe('Test drive ended while access is being given', () => {
  let standIns: ExternalStandIns;
  let host: HostProcess;
  let relay: HoldingEmailRelay;
  const account = uniqueAccount('tdgrant');
  let listingId = '';

  beforeAll(async () => {
    standIns = await startTestExternalStandIns();
    relay = await startHoldingEmailRelay(new URL(stackInfo().urls.inbox), 'access');
    const hostEnv = {
      ...testDriveHostEnv(standIns, `tdgrant${randomBytes(4).toString('hex')}`),
      ...relay.appSettings,
    };
    host = await startTestDriveHost(hostEnv, 'testdrivegrant');
    const stack: TestDriveStack = { host, standIns, hostEnv, stop: () => Promise.resolve() };
    listingId = await publishTestDriveOffer(stack, account, 'grant-end', 'powerBI', () => undefined);
  }, 90_000);

  afterAll(async () => {
    relay?.release();
    await host?.stop();
    standIns?.close();
    await relay?.close();
  });

  it('When the customer ends the session while its access e-mail is being sent, then it ends at once instead of running until it expires', async () => {
    // Arrange: provisioning has returned and the access e-mail is held at the relay
    const customer = await customerOn(host.url, `c-grant-${account}`);
    const path = `/storefront/offers/${listingId}/test-drives`;
    const started = await customer.call('POST', path, { company: 'Contoso' });
    expect(started.status).toBe(202);
    const sessionId = started.body.sessionId as string;
    await eventually(() => Promise.resolve(relay.held()), (n) => n === 1, 30_000, 'access e-mail held');

    // Act: the end is recorded while the grant activity waits on the e-mail, then the e-mail goes
    const ended = await customer.call('POST', `${path}/${sessionId}/end`);
    expect(ended.status).toBe(202);
    await new Promise((r) => setTimeout(r, 1000));
    relay.release();

    // Assert: ended by the customer within seconds (the session lasts an hour)
    const last = await eventually(
      () => customer.call('GET', `${path}/${sessionId}`),
      (r) => r.body?.status === 'ended',
      30_000,
      `session ${sessionId} ended`,
    );
    expect(last.body).toMatchObject({ status: 'ended', endReason: 'customer' });
    const mails = (await inbox().list()).filter((m) => m.headers['x-test-drive-session'] === sessionId);
    expect(mails.map((m) => m.headers['x-test-drive-mail']).sort()).toEqual(['access', 'ended']);
  });
});
