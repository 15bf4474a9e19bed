import { ExternalServiceError } from '../net/ExternalServiceError';
import type { TestDriveAccess, TestDriveProvisioner } from './TestDriveProvisioner';

/**
 * Power BI test drives are an embedded report: provisioning hands out the offer's embed URL
 * (an https URL, checked again here), and there is nothing to deprovision.
 */
export class PowerBIProvisioner implements TestDriveProvisioner {
  constructor(private readonly config: { embedUrl: string }) {}

  // Both calls ignore the session: the link is the same for everyone.
  provision(): Promise<TestDriveAccess> {
    if (!URL.canParse(this.config.embedUrl) || new URL(this.config.embedUrl).protocol !== 'https:') {
      return Promise.reject(new ExternalServiceError('power-bi', 'embedUrl must be an https URL', false));
    }
    return Promise.resolve({ type: 'powerBI', details: { embedUrl: this.config.embedUrl } });
  }

  deprovision(): Promise<void> {
    return Promise.resolve();
  }
}
