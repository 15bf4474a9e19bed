import { setTimeout as sleep } from 'node:timers/promises';
import { ExternalServiceError } from '../net/ExternalServiceError';

export interface PackageProvisioningRequest {
  /** Idempotency key, e.g. `${submissionId}-provisioning`: a retry returns the same deployment. */
  deploymentId: string;
  /** CRM package blob URL with its read SAS (a secret). */
  packageUrl: string;
  regions: { region: string; applicationConfigurationUrl?: string }[];
}

export interface PackageProvisioningResult {
  deploymentId: string;
  status: 'succeeded' | 'failed';
  regions: { region: string; status: string }[];
  error?: { code: string; message: string };
}

export interface CrmPackageProvisionerOptions {
  /** Service root (CRM_PROVISIONING_ENDPOINT). */
  endpoint: string;
  /** Sent as `api-key` (CRM_PROVISIONING_API_KEY). */
  apiKey?: string;
  pollIntervalMs?: number;
  /** Gives up (retryable) when the deployment is still running after this long. */
  timeoutMs?: number;
}

const SERVICE = 'crm-provisioning';

/**
 * Makes a CRM package available in package regions: PUT the deployment (idempotent by id), then
 * poll it to the end. A `failed` deployment is a result, not an exception (the orchestration
 * records it); transport and 5xx errors throw ExternalServiceError(retryable).
 */
export class CrmPackageProvisioner {
  private readonly base: URL;

  constructor(private readonly options: CrmPackageProvisionerOptions) {
    this.base = new URL(options.endpoint.endsWith('/') ? options.endpoint : `${options.endpoint}/`);
  }

  async provision(req: PackageProvisioningRequest): Promise<PackageProvisioningResult> {
    const url = new URL(`packageDeployments/${encodeURIComponent(req.deploymentId)}`, this.base);
    let state = await this.call(url, 'PUT', { packageUrl: req.packageUrl, regions: req.regions });
    const deadline = Date.now() + (this.options.timeoutMs ?? 10 * 60_000);
    while (state.status === 'running') {
      if (Date.now() > deadline) {
        throw new ExternalServiceError(SERVICE, `deployment ${req.deploymentId} still running`, true);
      }
      await sleep(this.options.pollIntervalMs ?? 1000);
      state = await this.call(url, 'GET');
    }
    return {
      deploymentId: req.deploymentId,
      status: state.status,
      regions: state.regions.map((r) => ({ region: r.region, status: r.status })),
      ...(state.error ? { error: state.error } : {}),
    };
  }

  private async call(
    url: URL,
    method: 'PUT' | 'GET',
    body?: unknown,
  ): Promise<{
    status: 'running' | 'succeeded' | 'failed';
    regions: { region: string; status: string }[];
    error?: { code: string; message: string };
  }> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(this.options.apiKey ? { 'api-key': this.options.apiKey } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw ExternalServiceError.from(SERVICE, err);
    }
    if (res.status !== 200 && res.status !== 201)
      throw ExternalServiceError.fromStatus(SERVICE, res.status, await res.text());
    return (await res.json()) as Awaited<ReturnType<CrmPackageProvisioner['call']>>;
  }
}
