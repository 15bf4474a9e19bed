import { CrmPackageProvisioner } from '../../../adapters/provisioning/crmPackageProvisioner';
import type { ExternalStandIns } from '../../../devhost/standins/externalStandIns';
import { startTestExternalStandIns } from '../../support/externalStandIns';

describe('CRM package provisioner against the provisioning stand-in', () => {
  let s: ExternalStandIns;
  let p: CrmPackageProvisioner;
  const pkg = 'https://contosopkgs.blob.core.windows.net/pkgs/sales.zip?sp=r&sig=SECRET';

  beforeAll(async () => {
    s = await startTestExternalStandIns({ crmProvisioningApiKey: 'prov-key' });
    p = new CrmPackageProvisioner({
      endpoint: s.urls.crmProvisioning,
      apiKey: 'prov-key',
      pollIntervalMs: 20,
    });
  });
  afterAll(() => s.close());

  it('When a package is provisioned to two regions, then it succeeds and is available in both', async () => {
    const r = await p.provision({
      deploymentId: 'sub-1-provisioning',
      packageUrl: pkg,
      regions: [{ region: 'nam' }, { region: 'eur' }],
    });
    expect(r).toMatchObject({
      status: 'succeeded',
      regions: [
        { region: 'nam', status: 'succeeded' },
        { region: 'eur', status: 'succeeded' },
      ],
    });
    expect(s.crmProvisioning.available()['https://contosopkgs.blob.core.windows.net/pkgs/sales.zip']).toEqual(
      ['eur', 'nam'],
    );
  });

  it('When the same deployment id is provisioned again, then the first deployment is returned and nothing is deployed twice', async () => {
    const again = await p.provision({
      deploymentId: 'sub-1-provisioning',
      packageUrl: pkg,
      regions: [{ region: 'nam' }],
    });
    expect(again.status).toBe('succeeded');
    const d = s.crmProvisioning.deployments().filter((x) => x.id === 'sub-1-provisioning');
    expect(d).toHaveLength(1);
    expect(d[0]?.putCalls).toBe(2);
  });

  it('When a region is not a CRM package region, then the call fails without retry', async () => {
    await expect(
      p.provision({ deploymentId: 'bad-region', packageUrl: pkg, regions: [{ region: 'atlantis' }] }),
    ).rejects.toMatchObject({ status: 400, retryable: false });
  });

  it('When the deployment fails, then the result says failed with the error (not an exception)', async () => {
    s.crmProvisioning.failures.failNext('deployment', 1);
    const r = await p.provision({
      deploymentId: 'sub-2-provisioning',
      packageUrl: pkg,
      regions: [{ region: 'nam' }],
    });
    expect(r).toMatchObject({ status: 'failed', error: { code: 'PackageDeploymentFailed' } });
  });

  it('When the service answers 500 once, then the call throws retryably and the retry succeeds', async () => {
    s.crmProvisioning.failures.failNext('put', 1);
    const req = { deploymentId: 'sub-3-provisioning', packageUrl: pkg, regions: [{ region: 'nam' }] };
    await expect(p.provision(req)).rejects.toMatchObject({ status: 500, retryable: true });
    await expect(p.provision(req)).resolves.toMatchObject({ status: 'succeeded' });
  });
});
