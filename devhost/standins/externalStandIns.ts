import { createCertificationStandIn, type CertificationStandIn } from './certification/certificationStandIn';
import {
  createCrmProvisioningStandIn,
  type CrmProvisioningStandIn,
} from './crmProvisioning/crmProvisioningStandIn';
import { createArmStandIn, type ArmStandIn } from './arm/armStandIn';
import { createDataverseStandIn, type DataverseStandIn } from './dataverse/dataverseStandIn';
import { createEntraTokenStandIn, type EntraTokenStandIn } from './entra/entraTokenStandIn';
import { createLeadReceiverStandIn, type LeadReceiverStandIn } from './leads/leadReceiverStandIn';
import { listen } from './listen';
import type { StandInTls } from './shared/createStandInServer';

export interface ExternalStandInPorts {
  certification: number;
  crmProvisioning: number;
  entra: number;
  arm: number;
  dataverse: number;
  leads: number;
}

export interface ExternalStandInOptions {
  /** The local certificate: every external stand-in speaks HTTPS (bearer-token clients require it). */
  tls: StandInTls;
  /** 0 (default) = any free port. */
  ports?: Partial<ExternalStandInPorts>;
  /** `whsec_…` secrets the certification callbacks are signed with. */
  certificationWebhookSecrets: string[];
  certificationApiKey?: string;
  crmProvisioningApiKey?: string;
  /** Default delay before certification answers (ms). */
  certificationDelayMs?: number;
  /** Waits between callback attempts when the receiver is down (default 1 s, 2 s, 4 s, 8 s). */
  certificationRetryDelaysMs?: number[];
  /** How long an ARM deployment, a CRM package deployment or a resource group deletion takes (ms). */
  operationMs?: number;
  /** ARM only: how long a template deployment and a resource group deletion take (ms; default operationMs). */
  armDeploymentMs?: number;
}

/** Origins (https://127.0.0.1:PORT, no trailing slash) of the external stand-ins. */
export type ExternalStandInUrls = Record<keyof ExternalStandInPorts, string>;

export interface ExternalStandIns {
  ports: ExternalStandInPorts;
  urls: ExternalStandInUrls;
  certification: CertificationStandIn;
  crmProvisioning: CrmProvisioningStandIn;
  entra: EntraTokenStandIn;
  arm: ArmStandIn;
  dataverse: DataverseStandIn;
  leads: LeadReceiverStandIn;
  close(): void;
}

/**
 * Starts the stand-ins of the services the publishing pipeline, test drives and lead delivery
 * call (docs/external-services.md): certification, CRM package provisioning, Microsoft Entra ID
 * tokens, Azure Resource Manager (with Logic apps), a Dataverse environment, and the lead
 * receivers (HTTPS endpoint, Marketo, Salesforce). In-process, so tests can start them
 * themselves and inspect their state; the stand-ins process starts them for `npm start`.
 */
export async function startExternalStandIns(o: ExternalStandInOptions): Promise<ExternalStandIns> {
  const certification = createCertificationStandIn({
    webhookSecrets: o.certificationWebhookSecrets,
    apiKey: o.certificationApiKey,
    defaultDelayMs: o.certificationDelayMs,
    ...(o.certificationRetryDelaysMs ? { retryDelaysMs: o.certificationRetryDelaysMs } : {}),
    tls: o.tls,
  });
  const crmProvisioning = createCrmProvisioningStandIn({
    apiKey: o.crmProvisioningApiKey,
    durationMs: o.operationMs,
    tls: o.tls,
  });
  const entra = createEntraTokenStandIn(o.tls);
  const arm = createArmStandIn({ tls: o.tls, deploymentMs: o.armDeploymentMs ?? o.operationMs });
  const dataverse = createDataverseStandIn(o.tls);
  const leads = createLeadReceiverStandIn(o.tls);
  const all = [certification, crmProvisioning, entra, arm, dataverse, leads];
  const p = o.ports ?? {};
  try {
    const [c, cp, e, a, d, l] = await Promise.all([
      listen(certification.server, p.certification ?? 0, 'Certification stand-in'),
      listen(crmProvisioning.server, p.crmProvisioning ?? 0, 'CRM provisioning stand-in'),
      listen(entra.server, p.entra ?? 0, 'Entra ID stand-in'),
      listen(arm.server, p.arm ?? 0, 'Azure Resource Manager stand-in'),
      listen(dataverse.server, p.dataverse ?? 0, 'Dataverse stand-in'),
      listen(leads.server, p.leads ?? 0, 'Lead receivers stand-in'),
    ]);
    const ports: ExternalStandInPorts = {
      certification: c,
      crmProvisioning: cp,
      entra: e,
      arm: a,
      dataverse: d,
      leads: l,
    };
    const urls = Object.fromEntries(
      Object.entries(ports).map(([k, port]) => [k, `https://127.0.0.1:${port}`]),
    ) as ExternalStandInUrls;
    return {
      ports,
      urls,
      certification,
      crmProvisioning,
      entra,
      arm,
      dataverse,
      leads,
      close: () => all.forEach((s) => s.close()),
    };
  } catch (err) {
    all.forEach((s) => s.close());
    throw err;
  }
}
