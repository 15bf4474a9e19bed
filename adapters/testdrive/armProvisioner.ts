import { randomBytes } from 'node:crypto';
import { ResourceManagementClient, type DeploymentExtended } from '@azure/arm-resources';
import { ExternalServiceError } from '../net/ExternalServiceError';
import { appCredential } from './appCredential';
import type {
  AzureCloudEndpoints,
  TestDriveAccess,
  TestDriveAppCredentials,
  TestDriveProvisioner,
  TestDriveSession,
} from './TestDriveProvisioner';

export interface ArmTemplate {
  parameters?: Record<string, { type?: string; defaultValue?: unknown; metadata?: { type?: string } }>;
  resources?: unknown[];
  outputs?: Record<string, { type?: string; value?: unknown }>;
  [key: string]: unknown;
}

export interface ArmProvisionerConfig {
  subscriptionId: string;
  credentials: TestDriveAppCredentials;
  endpoints: AzureCloudEndpoints;
  /** mainTemplate.json of the offer's uploaded template package, parsed. */
  template: ArmTemplate;
  /** Resource group names are `${prefix}${sessionId}` (default `testdrive-`). */
  resourceGroupPrefix?: string;
}

const SERVICE = 'azure-resource-manager';
const DEPLOYMENT_NAME = 'testdrive';

/**
 * Azure Resource Manager test drives with @azure/arm-resources: each session gets its own
 * resource group (tagged with the session and offer), the offer's template is deployed into it
 * and polled to the end, and deprovisioning deletes the group. Template parameters whose
 * `metadata.type` is `username`, `password` or `sessionid` are filled in per session (the
 * generated password is returned as a secret detail); every template output becomes an access
 * detail.
 */
export class ArmProvisioner implements TestDriveProvisioner {
  private readonly client: ResourceManagementClient;

  constructor(private readonly config: ArmProvisionerConfig) {
    this.client = new ResourceManagementClient(
      appCredential(config.credentials, config.endpoints),
      config.subscriptionId,
      {
        endpoint: config.endpoints.resourceManager,
        credentialScopes: ['https://management.azure.com/.default'],
      },
    );
  }

  resourceGroupName(session: Pick<TestDriveSession, 'sessionId'>): string {
    const safe = session.sessionId.replace(/[^-\w.()]/g, '-');
    return `${this.config.resourceGroupPrefix ?? 'testdrive-'}${safe}`.slice(0, 90).replace(/\.$/, '_');
  }

  async provision(session: TestDriveSession): Promise<TestDriveAccess> {
    if (!session.region)
      throw new ExternalServiceError(SERVICE, 'an ARM test drive session needs a region', false);
    const rg = this.resourceGroupName(session);
    try {
      await this.client.resourceGroups.createOrUpdate(rg, {
        location: session.region,
        tags: { 'testdrive-session': session.sessionId, 'testdrive-offer': session.offerId },
      });
      const existing = await this.existingDeployment(rg);
      const { parameters, secretDetails } = this.parametersFor(session);
      const deployment =
        existing?.properties?.provisioningState === 'Succeeded'
          ? existing
          : await this.deploy(rg, parameters);
      const state = deployment.properties?.provisioningState;
      if (state !== 'Succeeded') {
        throw new ExternalServiceError(
          SERVICE,
          `deployment ended ${state ?? 'without a state'}: ${JSON.stringify(deployment.properties?.error ?? {})}`,
          false,
        );
      }
      const outputs = (deployment.properties?.outputs ?? {}) as Record<string, { value?: unknown }>;
      const details: Record<string, string> = { resourceGroup: rg, region: session.region };
      for (const [k, o] of Object.entries(outputs))
        details[k] = typeof o.value === 'string' ? o.value : JSON.stringify(o.value);
      // A password generated on an earlier attempt is not known any more; only the first attempt hands it out.
      return {
        type: 'azureResourceManager',
        details,
        ...(existing ? {} : secretDetails ? { secretDetails } : {}),
      };
    } catch (err) {
      throw ExternalServiceError.from(SERVICE, err);
    }
  }

  async deprovision(session: TestDriveSession): Promise<void> {
    const rg = this.resourceGroupName(session);
    try {
      const { body: exists } = await this.client.resourceGroups.checkExistence(rg);
      if (!exists) return;
      await this.client.resourceGroups.beginDeleteAndWait(rg, { updateIntervalInMs: 500 });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return;
      throw ExternalServiceError.from(SERVICE, err);
    }
  }

  private async deploy(
    rg: string,
    parameters: Record<string, { value: unknown }>,
  ): Promise<DeploymentExtended> {
    try {
      return await this.client.deployments.beginCreateOrUpdateAndWait(
        rg,
        DEPLOYMENT_NAME,
        { properties: { mode: 'Incremental', template: this.config.template, parameters } },
        { updateIntervalInMs: 500 },
      );
    } catch (err) {
      // The poller throws when the deployment ends Failed: that is the template's failure, not a
      // transient one, so it is reported as such (with ARM's error) rather than retried.
      const d = await this.existingDeployment(rg).catch(() => undefined);
      if (d?.properties?.provisioningState === 'Failed') {
        throw new ExternalServiceError(
          SERVICE,
          `deployment failed: ${JSON.stringify(d.properties.error ?? {})}`,
          false,
        );
      }
      throw err;
    }
  }

  private async existingDeployment(rg: string): Promise<DeploymentExtended | undefined> {
    try {
      return await this.client.deployments.get(rg, DEPLOYMENT_NAME);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw err;
    }
  }

  private parametersFor(session: TestDriveSession): {
    parameters: Record<string, { value: unknown }>;
    secretDetails?: Record<string, string>;
  } {
    const parameters: Record<string, { value: unknown }> = {};
    const secretDetails: Record<string, string> = {};
    for (const [name, p] of Object.entries(this.config.template.parameters ?? {})) {
      switch (p.metadata?.type?.toLowerCase()) {
        case 'username':
          parameters[name] = { value: `td${session.sessionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 18)}` };
          break;
        case 'password': {
          // Upper, lower, digit and symbol, as Azure VM password rules ask.
          const value = `Td!${randomBytes(12).toString('base64url')}9a`;
          parameters[name] = { value };
          secretDetails[name] = value;
          break;
        }
        case 'sessionid':
          parameters[name] = { value: session.sessionId };
          break;
        default:
          break;
      }
    }
    return { parameters, ...(Object.keys(secretDetails).length ? { secretDetails } : {}) };
  }
}
