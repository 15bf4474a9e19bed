import { setTimeout as sleep } from 'node:timers/promises';
import { LogicManagementClient, type WorkflowRun } from '@azure/arm-logic';
import { ExternalServiceError } from '../net/ExternalServiceError';
import { appCredential } from './appCredential';
import type {
  AzureCloudEndpoints,
  TestDriveAccess,
  TestDriveAppCredentials,
  TestDriveProvisioner,
  TestDriveSession,
} from './TestDriveProvisioner';

export interface LogicAppProvisionerConfig {
  subscriptionId: string;
  resourceGroupName: string;
  logicAppName: string;
  deprovisionLogicAppName: string;
  credentials: TestDriveAppCredentials;
  endpoints: AzureCloudEndpoints;
  pollIntervalMs?: number;
  /** How long a run may take before the call fails retryably (default 10 minutes). */
  runTimeoutMs?: number;
}

const SERVICE = 'logic-apps';
const RUNNING = new Set(['Running', 'Waiting', 'Paused', 'NotSpecified']);

/**
 * Logic app test drives: provisioning runs the publisher's assign Logic app, deprovisioning its
 * deprovision Logic app, each through its Request trigger (callback URL from the ARM Logic API,
 * @azure/arm-logic), waiting for the run to finish. Idempotent by session: each run carries the
 * client tracking id `<sessionId>-assign|deprovision`, and an existing run with that id (found
 * through the runs API) is waited for instead of starting another. The trigger body is
 * `{ action, sessionId, offerId, customer, durationHours }`; the assign run's outputs become the
 * access details.
 */
export class LogicAppProvisioner implements TestDriveProvisioner {
  private readonly client: LogicManagementClient;

  constructor(private readonly config: LogicAppProvisionerConfig) {
    this.client = new LogicManagementClient(
      appCredential(config.credentials, config.endpoints),
      config.subscriptionId,
      {
        endpoint: config.endpoints.resourceManager,
        credentialScopes: ['https://management.azure.com/.default'],
      },
    );
  }

  async provision(session: TestDriveSession): Promise<TestDriveAccess> {
    const run = await this.run(this.config.logicAppName, 'assign', session);
    const details: Record<string, string> = {};
    for (const [k, o] of Object.entries((run.outputs ?? {}) as Record<string, { value?: unknown }>)) {
      details[k] = typeof o.value === 'string' ? o.value : JSON.stringify(o.value);
    }
    return { type: 'logicApp', details };
  }

  async deprovision(session: TestDriveSession): Promise<void> {
    await this.run(this.config.deprovisionLogicAppName, 'deprovision', session);
  }

  private async run(
    workflow: string,
    action: 'assign' | 'deprovision',
    session: TestDriveSession,
  ): Promise<WorkflowRun> {
    const rg = this.config.resourceGroupName;
    const trackingId = `${session.sessionId}-${action}`;
    try {
      let runName = await this.findRun(workflow, trackingId);
      if (!runName)
        runName = await this.trigger(workflow, trackingId, {
          action,
          sessionId: session.sessionId,
          offerId: session.offerId,
          customer: session.customer,
          durationHours: session.durationHours,
        });
      const deadline = Date.now() + (this.config.runTimeoutMs ?? 10 * 60_000);
      for (;;) {
        const run = await this.client.workflowRuns.get(rg, workflow, runName);
        if (run.status === 'Succeeded') return run;
        if (!run.status || !RUNNING.has(run.status)) {
          throw new ExternalServiceError(
            SERVICE,
            `${workflow} run ${runName} ended ${run.status ?? 'without a status'}: ${JSON.stringify(run.error ?? {})}`,
            false,
          );
        }
        if (Date.now() > deadline)
          throw new ExternalServiceError(SERVICE, `${workflow} run ${runName} is still running`, true);
        await sleep(this.config.pollIntervalMs ?? 1000);
      }
    } catch (err) {
      throw ExternalServiceError.from(SERVICE, err);
    }
  }

  private async findRun(workflow: string, trackingId: string): Promise<string | undefined> {
    const runs = this.client.workflowRuns.list(this.config.resourceGroupName, workflow, {
      filter: `ClientTrackingId eq '${trackingId.replace(/'/g, "''")}'`,
    });
    const found: WorkflowRun[] = [];
    for await (const r of runs) found.push(r);
    // A failed earlier attempt is not reused: the next attempt starts a new run.
    return found.find((r) => r.status !== 'Failed' && r.status !== 'Cancelled' && r.status !== 'Aborted')
      ?.name;
  }

  private async trigger(workflow: string, trackingId: string, body: unknown): Promise<string> {
    const rg = this.config.resourceGroupName;
    let triggerName = 'manual';
    for await (const t of this.client.workflowTriggers.list(rg, workflow)) {
      if (t.name) {
        triggerName = t.name;
        break;
      }
    }
    const { value: url } = await this.client.workflowTriggers.listCallbackUrl(rg, workflow, triggerName);
    if (!url)
      throw new ExternalServiceError(
        SERVICE,
        `${workflow} has no callback URL for trigger ${triggerName}`,
        false,
      );
    // The callback URL comes from Azure Resource Manager (not from a publisher) and is signed itself.
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ms-client-tracking-id': trackingId },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const runId = res.headers.get('x-ms-workflow-run-id');
    if (res.status >= 300 || !runId) {
      throw ExternalServiceError.fromStatus(
        SERVICE,
        res.status >= 300 ? res.status : 502,
        `trigger of ${workflow}: ${await res.text()}`,
      );
    }
    return runId;
  }
}
