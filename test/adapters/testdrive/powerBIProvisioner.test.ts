import { PowerBIProvisioner } from '../../../adapters/testdrive/powerBIProvisioner';

const session = { sessionId: 's', offerId: 'o', customer: { firstName: 'A', lastName: 'B', email: 'a@example.com' } };

describe('Power BI test drive provisioner', () => {
  it('When provisioned, then the embed URL is handed out; deprovision has nothing to do', async () => {
    const p = new PowerBIProvisioner({ embedUrl: 'https://app.powerbi.com/view?r=abc' });
    await expect(p.provision(session)).resolves.toEqual({ type: 'powerBI', details: { embedUrl: 'https://app.powerbi.com/view?r=abc' } });
    await expect(p.deprovision(session)).resolves.toBeUndefined();
  });

  it('When the embed URL is not https, then provision fails without retry', async () => {
    await expect(new PowerBIProvisioner({ embedUrl: 'http://app.powerbi.com/x' }).provision(session)).rejects.toMatchObject({ retryable: false });
  });
});
