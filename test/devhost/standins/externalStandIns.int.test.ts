import { CertificationClient } from '../../../adapters/certification/certificationClient';
import { stackInfo } from '../../support/stack';

describe('external stand-ins in the stack', () => {
  it('When the stack runs, then the host settings point at the external stand-ins and they answer over HTTPS', async () => {
    const { appSettings, externalStandIns } = stackInfo();
    expect(appSettings).toMatchObject({
      CERTIFICATION_ENDPOINT: `${externalStandIns.certification}/`,
      CRM_PROVISIONING_ENDPOINT: `${externalStandIns.crmProvisioning}/`,
      ENTRA_AUTHORITY_HOST: externalStandIns.entra,
      ARM_ENDPOINT: externalStandIns.arm,
      OUTBOUND_ALLOW_LOOPBACK: 'true',
      CERTIFICATION_WEBHOOK_SECRETS: expect.stringMatching(/^whsec_/),
    });
    for (const url of Object.values(externalStandIns)) expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = new CertificationClient({ endpoint: appSettings.CERTIFICATION_ENDPOINT as string });
    await expect(client.get('no-such-submission')).resolves.toBeUndefined();
    const leads = await fetch(`${externalStandIns.leads}/_admin/leads`);
    expect(leads.status).toBe(200);
  });
});
