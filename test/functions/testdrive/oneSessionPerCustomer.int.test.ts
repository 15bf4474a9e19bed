import { uniqueAccount } from '../../support/publisherApi';
import { cosmosClient, stackInfo } from '../../support/stack';
import {
  customerOn,
  eventually,
  publishTestDriveOffer,
  startTestDriveStack,
  type TestDriveStack,
} from '../../support/testDriveStack';

jest.setTimeout(180_000);

/**
 * "A customer has at most one test drive session of an offer that has not ended", over HTTP:
 * simultaneous starts of one customer give one session (the others 409 `testDriveAlreadyActive`),
 * and once it has ended the customer may start again. Power BI test drives (nothing to deploy,
 * room for 1000 sessions: only the rule refuses).
 */
describe('One test drive session per customer and offer', () => {
  let stack: TestDriveStack;
  const account = uniqueAccount('tdone');
  let listingId = '';
  const testDrives = () =>
    cosmosClient()
      .database(stackInfo().appSettings.COSMOS_DATABASE as string)
      .container('testDrives');
  const sessionsOf = async (customerId: string): Promise<{ sessionId: string; status: string }[]> =>
    (
      await testDrives()
        .items.query<{ sessionId: string; status: string }>({
          query: `SELECT c.sessionId, c.status FROM c WHERE c.kind = 'session' AND c.listingId = @l AND c.customer.customerId = @c`,
          parameters: [
            { name: '@l', value: listingId },
            { name: '@c', value: customerId },
          ],
        })
        .fetchAll()
    ).resources;

  beforeAll(async () => {
    stack = await startTestDriveStack();
    listingId = await publishTestDriveOffer(stack, account, 'one-each', 'powerBI', () => undefined);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('When one customer starts 8 test drives of one offer at once, then exactly one session starts and the other 7 answer 409; after it ends the customer starts again', async () => {
    // Arrange
    const customer = await customerOn(stack.host.url, `c-eight-${account}`);
    const path = `/storefront/offers/${listingId}/test-drives`;

    // Act
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => customer.call('POST', path, { company: 'Contoso' })),
    );

    // Assert: one 202, the rest 409 (naming that session, or asking to retry while it is being stored)
    const accepted = answers.filter((a) => a.status === 202);
    expect(accepted).toHaveLength(1);
    const sessionId = accepted[0]!.body.sessionId as string;
    const refused = answers.filter((a) => a.status !== 202);
    expect(refused.map((a) => [a.status, a.body?.code])).toEqual(
      Array(7).fill([409, 'testDriveAlreadyActive']),
    );
    for (const a of refused) {
      const location = a.headers.get('location');
      if (location) expect(location).toContain(sessionId);
      else expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await sessionsOf(customer.customerId)).map((s) => s.sessionId)).toEqual([sessionId]);
    await eventually(
      () => customer.call('GET', `${path}/${sessionId}`),
      (r) => r.body?.status === 'active',
      30_000,
      'active',
    );

    // Act: one more start while it runs, then the customer ends it
    const whileActive = await customer.call('POST', path);
    await customer.call('POST', `${path}/${sessionId}/end`);
    await eventually(
      () => customer.call('GET', `${path}/${sessionId}`),
      (r) => r.body?.status === 'ended',
      30_000,
      'ended',
    );
    const again = await customer.call('POST', path);

    // Assert
    expect(whileActive.status).toBe(409);
    expect(whileActive.headers.get('location')).toContain(sessionId);
    expect(again.status).toBe(202);
    expect(again.body.sessionId).not.toBe(sessionId);
    const after = await sessionsOf(customer.customerId);
    expect(after).toHaveLength(2);
    expect(after.find((s) => s.sessionId === sessionId)?.status).toBe('ended');
  });
});
