import { randomBytes } from 'node:crypto';
import type { HostProcess } from '../../../devhost/stack';
import type { ExternalStandIns } from '../../../devhost/standins/externalStandIns';
import type { PoolInstance } from '../../../domain/testdrive/poolInstance';
import { startTestExternalStandIns } from '../../support/externalStandIns';
import { uniqueAccount } from '../../support/publisherApi';
import { publisherOn } from '../../support/publishingStack';
import { cosmosClient, fireFunction, inbox, stackInfo } from '../../support/stack';
import {
  customerOn,
  eventually,
  publishTestDriveOffer,
  startTestDriveHost,
  testDriveHostEnv,
  type TestDriveStack,
} from '../../support/testDriveStack';

jest.setTimeout(120_000);

const SUB = '2f1e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b';
const TOP_UP = 'topUpTestDrivePools';

/**
 * The ARM hot pool on a host of its own (own task hub; its top-up timer is switched off with
 * `AzureWebJobs.topUpTestDrivePools.Disabled` so that the test decides when a pass runs, through
 * the admin API): filled after go-live, handed out without a deployment, replenished, capacity
 * shared with cold sessions (hot 1, total 2), deleted after use, and no orphan resource group
 * after a SIGKILL in the middle of a hot deployment.
 */
describe('ARM hot pool', () => {
  let standIns: ExternalStandIns;
  let host: HostProcess;
  let hostEnv: Record<string, string>;
  const account = uniqueAccount('tdpool');
  let listingA = '';

  const stack = (): TestDriveStack => ({ host, standIns, hostEnv, stop: () => Promise.resolve() });
  /** One top-up pass, run now (its outcome is read from the instance documents and the ARM stand-in). */
  const topUp = async (): Promise<void> => void (await fireFunction(TOP_UP, undefined, host.url));
  const testDrives = () =>
    cosmosClient()
      .database(stackInfo().appSettings.COSMOS_DATABASE as string)
      .container('testDrives');
  const instancesOf = async (listingId: string): Promise<PoolInstance[]> =>
    (
      await testDrives()
        .items.query<PoolInstance>(
          {
            query: `SELECT * FROM c WHERE c.kind = 'poolInstance' AND c.listingId = @l`,
            parameters: [{ name: '@l', value: listingId }],
          },
          { partitionKey: listingId },
        )
        .fetchAll()
    ).resources;
  const group = (name: string): string => `${SUB}/${name}`;
  const deploymentsOf = (name: string) => standIns.arm.deployments().filter((d) => d.group === group(name));
  const start = async (customerId: string, listingId: string, region: string) => {
    const customer = await customerOn(host.url, `${customerId}-${account}`);
    const path = `/storefront/offers/${listingId}/test-drives`;
    const res = await customer.call('POST', path, { region });
    const status = (sessionId: string) => customer.call('GET', `${path}/${sessionId}`);
    return { customer, res, path, status };
  };
  const activeSessions = async (customerId: string): Promise<any[]> =>
    (
      await testDrives()
        .items.query({
          query: `SELECT * FROM c WHERE c.kind = 'session' AND c.listingId = @l AND c.customer.customerId = @c AND c.status = 'active'`,
          parameters: [
            { name: '@l', value: listingA },
            { name: '@c', value: `${customerId}-${account}` },
          ],
        })
        .fetchAll()
    ).resources;
  const untilStatus = async (call: () => Promise<{ body: any }>, wanted: string) =>
    (await eventually(call, (r) => r.body?.status === wanted || r.body?.status === 'failed', 30_000, wanted))
      .body;

  beforeAll(async () => {
    standIns = await startTestExternalStandIns();
    hostEnv = {
      ...testDriveHostEnv(standIns, `tdpool${randomBytes(4).toString('hex')}`),
      [`AzureWebJobs.${TOP_UP}.Disabled`]: 'true',
    };
    host = await startTestDriveHost(hostEnv, 'testdrivepool');
    listingA = await publishTestDriveOffer(stack(), account, 'pool-a', 'azureResourceManager', (b) => {
      b['test-drive'].regions = ['westeurope'];
      b['test-drive'].instances = { hot: 1, cold: 2 };
      b['test-drive'].durationHours = 1;
    });
  });
  afterAll(async () => {
    await host?.stop();
    standIns?.close();
  });

  it('When an ARM offer with hot instances goes live, then the top-up deploys its pool up to hot and no further', async () => {
    // Arrange: go-live registered the region for this host's task hub, without a hot count.
    const { resource: registration } = await testDrives().item('pool:westeurope', listingA).read();
    expect(registration).toMatchObject({
      kind: 'poolRegistration',
      listingId: listingA,
      region: 'westeurope',
      taskHub: hostEnv.DEVHOST_DURABLE_HUB,
    });
    expect(registration).not.toHaveProperty('hot');
    expect(await instancesOf(listingA)).toEqual([]);

    // Act
    await topUp();
    const ready = await eventually(
      () => instancesOf(listingA),
      (l) => l.length === 1 && l[0]?.status === 'ready',
      30_000,
      'pool ready',
    );
    await topUp();

    // Assert
    const instance = ready[0] as PoolInstance;
    expect(standIns.arm.resourceGroups()).toContain(group(`testdrive-${instance.instanceId}`));
    expect(deploymentsOf(`testdrive-${instance.instanceId}`)).toHaveLength(1);
    expect(instance.sealedSecretAccess).toEqual(expect.any(String));
    expect((await instancesOf(listingA)).map((i) => [i.instanceId, i.status])).toEqual([
      [instance.instanceId, 'ready'],
    ]);
  });

  it('When customers arrive with hot 1 and total 2, then the first gets the ready instance without a deployment, the second a cold one, the third 429, and the replacement waits for a slot', async () => {
    // Arrange
    const [hot] = await instancesOf(listingA);
    const deploymentsBefore = standIns.arm.deployments().length;

    // Act
    const c1 = await start('c1', listingA, 'westeurope');
    expect(c1.res.body).toMatchObject({ status: 'provisioning' });
    const s1 = await untilStatus(() => c1.status(c1.res.body.sessionId), 'active');
    const c2 = await start('c2', listingA, 'westeurope');
    const c3 = await start('c3', listingA, 'westeurope');
    const s2 = await untilStatus(() => c2.status(c2.res.body.sessionId), 'active');
    await topUp();

    // Assert: the first customer got the pre-deployed resource group and no deployment was made for it.
    expect(c1.res.status).toBe(202);
    expect(s1.access.resourceGroup).toBe(`testdrive-${hot?.instanceId}`);
    const assigned = (await instancesOf(listingA)).find((i) => i.instanceId === hot?.instanceId);
    expect(assigned).toMatchObject({ status: 'assigned', sessionId: c1.res.body.sessionId });
    expect(
      standIns.arm
        .deployments()
        .slice(deploymentsBefore)
        .map((d) => d.group),
    ).toEqual([group(`testdrive-${c2.res.body.sessionId}`)]);
    // The password generated when the instance was deployed reaches the customer (sealed under the instance).
    const mail = await inbox().waitFor(
      (m) =>
        m.headers['x-test-drive-session'] === c1.res.body.sessionId &&
        m.headers['x-test-drive-mail'] === 'access',
    );
    expect(mail.plainText).toMatch(/password: Td!/);
    // The second is deployed cold on the other slot; the third finds both slots held.
    expect(c2.res.status).toBe(202);
    expect(s2.access.resourceGroup).toBe(`testdrive-${c2.res.body.sessionId}`);
    expect(c3.res.status).toBe(429);
    expect(c3.res.body.code).toBe('testDriveCapacityFull');
    expect(Number(c3.res.headers.get('retry-after'))).toBeGreaterThan(0);
    // The replacement waits: both slots are held by sessions.
    expect((await instancesOf(listingA)).map((i) => i.status)).toEqual(['assigned']);
    expect(standIns.arm.highWater()).toBeLessThanOrEqual(2);
  });

  it('When sessions end, then their resource groups are deleted, a freed slot serves a waiting customer or the pool, and a used instance is never handed out again', async () => {
    // Arrange
    const [used] = await instancesOf(listingA);
    const c1 = await customerOn(host.url, `c1-${account}`);
    const c2 = await customerOn(host.url, `c2-${account}`);
    const path = `/storefront/offers/${listingA}/test-drives`;
    const [s1] = await activeSessions('c1');
    const [s2] = await activeSessions('c2');

    // Act 1: the cold session ends; the waiting customer gets its slot (deployed cold).
    expect((await c2.call('POST', `${path}/${s2.sessionId}/end`)).status).toBe(202);
    await untilStatus(() => c2.call('GET', `${path}/${s2.sessionId}`), 'ended');
    const c3 = await start('c3', listingA, 'westeurope');
    expect(c3.res.status).toBe(202);
    await untilStatus(() => c3.status(c3.res.body.sessionId), 'active');

    // Act 2: the hot session ends; the pass forgets the used instance and deploys a replacement.
    expect((await c1.call('POST', `${path}/${s1.sessionId}/end`)).status).toBe(202);
    await untilStatus(() => c1.call('GET', `${path}/${s1.sessionId}`), 'ended');
    await topUp();
    const replenished = await eventually(
      () => instancesOf(listingA),
      (l) => l.some((i) => i.status === 'ready'),
      30_000,
      'replacement ready',
    );
    const c4 = await start('c4', listingA, 'westeurope');
    const s4 = await untilStatus(() => c4.status(c4.res.body.sessionId), 'active');

    // Assert
    expect(standIns.arm.resourceGroups()).not.toContain(group(`testdrive-${s2.sessionId}`));
    expect(standIns.arm.resourceGroups()).not.toContain(group(`testdrive-${used?.instanceId}`));
    expect(replenished).toHaveLength(1);
    expect(replenished[0]?.instanceId).not.toBe(used?.instanceId);
    expect(s4.access.resourceGroup).toBe(`testdrive-${replenished[0]?.instanceId}`);
    // The used instance's record is gone once its session ended: nothing can hand it out again.
    expect((await instancesOf(listingA)).map((i) => i.instanceId)).toEqual([replenished[0]?.instanceId]);
    expect(s4.access.resourceGroup).not.toBe(`testdrive-${used?.instanceId}`);
    expect(standIns.arm.highWater()).toBeLessThanOrEqual(2);
  });

  it('When the host is killed while a hot instance deploys, then after the restart no resource group is left that nobody hands out or deletes', async () => {
    // Arrange: the cold session ends, so the pool's replacement gets a slot and deploys (slowly).
    const [cold] = await activeSessions('c3');
    const c3 = await customerOn(host.url, `c3-${account}`);
    expect(
      (await c3.call('POST', `/storefront/offers/${listingA}/test-drives/${cold.sessionId}/end`)).status,
    ).toBe(202);
    await untilStatus(
      () => c3.call('GET', `/storefront/offers/${listingA}/test-drives/${cold.sessionId}`),
      'ended',
    );
    standIns.arm.setDeploymentMs(2000);
    await topUp();
    const interrupted = (await instancesOf(listingA)).find((i) => i.status === 'deploying') as PoolInstance;
    const rg = `testdrive-${interrupted.instanceId}`;
    await eventually(
      () => Promise.resolve(deploymentsOf(rg).length),
      (n) => n === 1,
      15_000,
      'deployment started',
    );

    // Act: SIGKILL mid-deployment; the deployment goes on in ARM and would leave a group behind.
    await host.kill('SIGKILL');
    standIns.arm.setDeploymentMs(100);
    await eventually(
      () => Promise.resolve(standIns.arm.group(SUB, rg)?.deployments.get('testdrive')?.provisioningState),
      (state) => state === 'Succeeded',
      10_000,
      'orphan candidate deployed',
    );
    host = await startTestDriveHost(hostEnv, 'testdrivepool');

    // Assert: the resumed orchestration does not hand out what it cannot vouch for (its password
    // went with the killed process): it deletes it; the next pass deploys a fresh one.
    await eventually(
      () => Promise.resolve(standIns.arm.resourceGroups().includes(group(rg))),
      (exists) => !exists,
      30_000,
      'interrupted group deleted',
    );
    await eventually(
      () => instancesOf(listingA),
      (l) => !l.some((i) => i.instanceId === interrupted.instanceId),
      30_000,
      'interrupted instance forgotten',
    );
    await topUp();
    const ready = await eventually(
      () => instancesOf(listingA),
      (l) => l.some((i) => i.status === 'ready'),
      30_000,
      'new instance ready',
    );
    const fresh = ready.find((i) => i.status === 'ready') as PoolInstance;
    expect(fresh.instanceId).not.toBe(interrupted.instanceId);
    // Every resource group of the offer is either handed out (to the active session) or ready in the pool.
    const [hotSession] = await activeSessions('c4');
    const groupsOfA = standIns.arm
      .resourceGroups()
      .filter((g) => standIns.arm.group(SUB, g.slice(SUB.length + 1))?.tags['testdrive-offer'] === 'pool-a')
      .sort();
    expect(groupsOfA).toEqual(
      [group(`testdrive-${hotSession.hotInstanceId}`), group(`testdrive-${fresh.instanceId}`)].sort(),
    );
    expect(standIns.arm.highWater()).toBeLessThanOrEqual(2);
  });

  it('When the publisher overrides the hot count, then the next pass follows it without a new submission (retires the surplus at 0, deploys again at 1)', async () => {
    // Arrange
    const publisher = await publisherOn(host.url, account);
    const overrides = '/offers/pool-a/test-drive/overrides';
    const put = async (body: unknown) => {
      const read = await publisher.call('GET', overrides);
      return publisher.call('PUT', overrides, body, { 'if-match': read.headers.get('etag') ?? '' });
    };
    const ready = (await instancesOf(listingA)).find((i) => i.status === 'ready') as PoolInstance;

    // Act 1: hot 0.
    expect((await put({ instances: { hot: 0 } })).status).toBe(200);
    await topUp();
    await eventually(
      () => instancesOf(listingA),
      (l) => !l.some((i) => i.instanceId === ready.instanceId),
      30_000,
      'surplus retired',
    );

    // Assert 1: the ready instance was deleted, the handed-out one kept.
    expect(standIns.arm.resourceGroups()).not.toContain(group(`testdrive-${ready.instanceId}`));
    expect((await instancesOf(listingA)).map((i) => i.status)).toEqual(['assigned']);

    // Act 2: back to the published value (hot 1).
    expect((await put({})).status).toBe(200);
    await topUp();

    // Assert 2
    await eventually(
      () => instancesOf(listingA),
      (l) => l.some((i) => i.status === 'ready'),
      30_000,
      'pool refilled',
    );
  });
});
