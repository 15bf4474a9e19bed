import { CertificationClient } from '../../adapters/certification/certificationClient';
import { CrmPackageProvisioner } from '../../adapters/provisioning/crmPackageProvisioner';
import { getConfig } from '../config';

let certification: CertificationClient | undefined;
let provisioner: CrmPackageProvisioner | undefined;

/** The certification service client (CERTIFICATION_ENDPOINT); fails clearly when it is not configured. */
export function certificationClient(): CertificationClient {
  const endpoint = getConfig().CERTIFICATION_ENDPOINT;
  if (!endpoint) throw new Error('CERTIFICATION_ENDPOINT is not set: the publish pipeline cannot reach certification');
  certification ??= new CertificationClient({ endpoint });
  return certification;
}

/** The CRM package provisioning client (CRM_PROVISIONING_ENDPOINT). */
export function crmPackageProvisioner(): CrmPackageProvisioner {
  const endpoint = getConfig().CRM_PROVISIONING_ENDPOINT;
  if (!endpoint) throw new Error('CRM_PROVISIONING_ENDPOINT is not set: the publish pipeline cannot provision packages');
  provisioner ??= new CrmPackageProvisioner({ endpoint, pollIntervalMs: 200 });
  return provisioner;
}
