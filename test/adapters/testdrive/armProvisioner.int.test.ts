import { ArmProvisioner, type ArmTemplate } from '../../../adapters/testdrive/armProvisioner';
import type { TestDriveSession } from '../../../adapters/testdrive/TestDriveProvisioner';
import type { ExternalStandIns } from '../../../devhost/standins/externalStandIns';
import { startTestExternalStandIns, testCloudEndpoints } from '../../support/externalStandIns';

const SUB = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-2222-2222-222222222222';
const APP = '33333333-3333-3333-3333-333333333333';

const template: ArmTemplate = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: {
    adminUser: { type: 'string', metadata: { type: 'username' } },
    adminPassword: { type: 'securestring', metadata: { type: 'password' } },
    session: { type: 'string', metadata: { type: 'sessionid' } },
  },
  resources: [
    { type: 'Microsoft.Web/sites', name: 'td-app', apiVersion: '2022-03-01' },
    { type: 'Microsoft.Storage/storageAccounts', name: 'tdstore', apiVersion: '2023-01-01' },
  ],
  outputs: {
    userName: { type: 'string', value: "[parameters('adminUser')]" },
    resourceGroup: { type: 'string', value: '[resourceGroup().name]' },
    appUrl: { type: 'string', value: 'https://td-app.azurewebsites.net' },
  },
};

const session = (id: string): TestDriveSession => ({
  sessionId: id,
  offerId: 'contoso-sales',
  region: 'eastus',
  customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
});

describe('ARM test drive provisioner against the ARM and Entra stand-ins (@azure/arm-resources, ClientSecretCredential)', () => {
  let s: ExternalStandIns;
  let p: ArmProvisioner;

  beforeAll(async () => {
    s = await startTestExternalStandIns();
    s.entra.registerApp({ tenantId: TENANT, clientId: APP, clientSecret: 'right-secret' });
    p = new ArmProvisioner({
      subscriptionId: SUB,
      credentials: { tenantId: TENANT, appId: APP, appClientSecret: 'right-secret' },
      endpoints: testCloudEndpoints(s),
      template,
    });
  });
  afterAll(() => s.close());

  it('When a session is provisioned, then its resource group holds the template resources and the outputs are the access details', async () => {
    const access = await p.provision(session('sess-1'));
    expect(access.type).toBe('azureResourceManager');
    expect(access.details).toMatchObject({
      resourceGroup: 'testdrive-sess-1',
      userName: 'tdsess1',
      appUrl: 'https://td-app.azurewebsites.net',
      region: 'eastus',
    });
    expect(access.secretDetails?.adminPassword).toMatch(/^Td!/);
    const g = s.arm.group(SUB, 'testdrive-sess-1');
    expect(g?.resources).toEqual(['Microsoft.Web/sites/td-app', 'Microsoft.Storage/storageAccounts/tdstore']);
    expect(g?.tags).toMatchObject({ 'testdrive-session': 'sess-1', 'testdrive-offer': 'contoso-sales' });
    // The token came from the Entra stand-in for the publisher's app, audience ARM.
    expect(s.entra.requests()).toContainEqual({
      tenantId: TENANT,
      clientId: APP,
      scope: 'https://management.azure.com/.default',
      granted: true,
    });
  });

  it('When provision is repeated for the same session, then the succeeded deployment is reused (no second deployment)', async () => {
    const again = await p.provision(session('sess-1'));
    expect(again.details.resourceGroup).toBe('testdrive-sess-1');
    expect(again.secretDetails).toBeUndefined();
    expect(s.arm.group(SUB, 'testdrive-sess-1')?.deployments.get('testdrive')?.putCalls).toBe(1);
  });

  it('When the session is deprovisioned (twice), then the resource group is gone and the second call is a no-op', async () => {
    await p.deprovision(session('sess-1'));
    expect(s.arm.group(SUB, 'testdrive-sess-1')).toBeUndefined();
    await expect(p.deprovision(session('sess-1'))).resolves.toBeUndefined();
  });

  it('When the deployment fails half-way, then provision throws and deprovision removes what was made', async () => {
    s.arm.failures.failNext('deployment', 1);
    await expect(p.provision(session('sess-fail'))).rejects.toMatchObject({
      name: 'ExternalServiceError',
      retryable: false,
    });
    expect(s.arm.group(SUB, 'testdrive-sess-fail')?.resources).toHaveLength(1);
    await p.deprovision(session('sess-fail'));
    expect(s.arm.resourceGroups()).not.toContain(`${SUB}/testdrive-sess-fail`);
  });

  it('When deleting the group answers 500 twice, then the SDK retry policy absorbs it and deprovision succeeds', async () => {
    await p.provision(session('sess-2'));
    s.arm.failures.failNext('deleteGroup', 2, { mode: 'status', status: 500 });
    await p.deprovision(session('sess-2'));
    expect(s.arm.group(SUB, 'testdrive-sess-2')).toBeUndefined();
  }, 60_000);

  it('When deleting the group is refused (409, not retried by the SDK), then deprovision throws and a later call succeeds', async () => {
    await p.provision(session('sess-3'));
    s.arm.failures.failNext('deleteGroup', 2, { mode: 'status', status: 409 });
    const results: string[] = [];
    for (let i = 0; i < 3; i++) {
      results.push(
        await p.deprovision(session('sess-3')).then(
          () => 'ok',
          (e: { status?: number }) => `failed ${e.status}`,
        ),
      );
    }
    expect(results).toEqual(['failed 409', 'failed 409', 'ok']);
    expect(s.arm.group(SUB, 'testdrive-sess-3')).toBeUndefined();
  });

  it('When the client secret is wrong, then provision fails without retry and nothing is created', async () => {
    const wrong = new ArmProvisioner({
      subscriptionId: SUB,
      credentials: { tenantId: TENANT, appId: APP, appClientSecret: 'wrong' },
      endpoints: testCloudEndpoints(s),
      template,
    });
    await expect(wrong.provision(session('sess-denied'))).rejects.toMatchObject({
      name: 'ExternalServiceError',
    });
    expect(s.arm.group(SUB, 'testdrive-sess-denied')).toBeUndefined();
  });

  it('When several sessions run at once, then the stand-in records the high-water mark of concurrent groups', async () => {
    s.arm.resetHighWater();
    const base = s.arm.resourceGroups().length;
    await Promise.all(['c1', 'c2', 'c3'].map((id) => p.provision(session(id))));
    await Promise.all(['c1', 'c2', 'c3'].map((id) => p.deprovision(session(id))));
    expect(s.arm.highWater()).toBe(base + 3);
    expect(s.arm.resourceGroups()).toHaveLength(base);
  });
});
