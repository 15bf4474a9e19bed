import { PowerBIProvisioner } from '../../../adapters/testdrive/powerBIProvisioner';
import type { TestDriveProvisioner } from '../../../adapters/testdrive/TestDriveProvisioner';

/** Used through the interface, as the test drive orchestration does. */
const provisioner = (embedUrl: string): TestDriveProvisioner => new PowerBIProvisioner({ embedUrl });

const session = {
  sessionId: 's',
  offerId: 'o',
  customer: { firstName: 'A', lastName: 'B', email: 'a@example.com' },
};

describe('Power BI test drive provisioner', () => {
  it('When provisioned, then the embed URL is handed out; deprovision has nothing to do', async () => {
    const p = provisioner('https://app.powerbi.com/view?r=abc');
    await expect(p.provision(session)).resolves.toEqual({
      type: 'powerBI',
      details: { embedUrl: 'https://app.powerbi.com/view?r=abc' },
    });
    await expect(p.deprovision(session)).resolves.toBeUndefined();
  });

  it('When the embed URL is not https, then provision fails without retry', async () => {
    await expect(provisioner('http://app.powerbi.com/x').provision(session)).rejects.toMatchObject({
      retryable: false,
    });
  });
});
