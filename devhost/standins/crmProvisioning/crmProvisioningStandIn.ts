import type { Server } from 'node:http';
import { crmPackageRegionIds } from '../../../domain/data/crmPackageRegions';
import { createStandInServer, type Reply, type Route, type StandInTls } from '../shared/createStandInServer';
import { FailureSwitches } from '../shared/failureSwitches';

export interface PackageDeployment {
  id: string;
  packageUrl: string;
  status: 'running' | 'succeeded' | 'failed';
  regions: {
    region: string;
    applicationConfigurationUrl?: string;
    status: 'running' | 'succeeded' | 'failed';
  }[];
  createdAt: string;
  completedAt?: string;
  error?: { code: string; message: string };
  putCalls: number;
}

export interface CrmProvisioningStandInOptions {
  apiKey?: string;
  /** How long a deployment runs (default 300 ms). */
  durationMs?: number;
  tls?: StandInTls;
}

export interface CrmProvisioningStandIn {
  server: Server;
  deployments(): PackageDeployment[];
  /** Package regions where each package URL (without query) is available. */
  available(): Record<string, string[]>;
  /** Targets: `put` (the call fails), `deployment` (the deployment ends failed). */
  failures: FailureSwitches;
  close(): void;
}

const KNOWN_REGIONS = new Set<string>(crmPackageRegionIds);

/**
 * The CRM package provisioning service: `PUT /packageDeployments/{id}` makes a package available
 * in regions (idempotent: the same id returns the same deployment and deploys nothing twice),
 * answered 201/200 with `status: running`; `GET /packageDeployments/{id}` until `succeeded` or
 * `failed`. Regions must be CRM package region ids. Admin: GET /_admin/packageDeployments,
 * POST|DELETE /_admin/failures.
 */
export function createCrmProvisioningStandIn(
  options: CrmProvisioningStandInOptions = {},
): CrmProvisioningStandIn {
  const deployments = new Map<string, PackageDeployment>();
  const available = new Map<string, Set<string>>();
  const timers = new Set<NodeJS.Timeout>();
  const failures = new FailureSwitches();
  const durationMs = options.durationMs ?? 300;

  const authorised = (key: string | string[] | undefined): boolean =>
    !options.apiKey || key === options.apiKey;
  const unauthorised: Reply = {
    status: 401,
    json: { error: { code: 'Unauthorized', message: 'api-key is missing or wrong' } },
  };
  const view = (d: PackageDeployment) => {
    const { putCalls, ...rest } = d;
    void putCalls; // internal bookkeeping, not part of the API
    return rest;
  };

  const finish = (d: PackageDeployment): void => {
    const failed = failures.take('deployment') !== undefined;
    d.status = failed ? 'failed' : 'succeeded';
    d.completedAt = new Date().toISOString();
    for (const r of d.regions) r.status = d.status;
    if (failed) {
      d.error = {
        code: 'PackageDeploymentFailed',
        message: 'The package could not be deployed (injected failure).',
      };
      return;
    }
    const key = d.packageUrl.split('?')[0] as string;
    const set = available.get(key) ?? new Set<string>();
    d.regions.forEach((r) => set.add(r.region));
    available.set(key, set);
  };

  const routes: Route[] = [
    {
      method: 'PUT',
      pattern: /^\/packageDeployments\/(?<id>[^/]+)$/,
      handle: (ctx) => {
        if (!authorised(ctx.req.headers['api-key'])) return unauthorised;
        const injected = failures.take('put');
        if (injected) return injected;
        const existing = deployments.get(ctx.params.id as string);
        if (existing) {
          existing.putCalls += 1;
          return { status: 200, json: view(existing) };
        }
        const b = ctx.json<{
          packageUrl?: string;
          regions?: { region?: string; applicationConfigurationUrl?: string }[];
        }>();
        const regions = b?.regions ?? [];
        const unknown = regions.filter((r) => !r.region || !KNOWN_REGIONS.has(r.region));
        if (!b?.packageUrl || regions.length === 0 || unknown.length > 0) {
          return {
            status: 400,
            json: {
              error: {
                code: 'InvalidRequest',
                message: `packageUrl and known regions are required${unknown.length ? `; unknown: ${unknown.map((r) => r.region).join(', ')}` : ''}`,
              },
            },
          };
        }
        const d: PackageDeployment = {
          id: ctx.params.id as string,
          packageUrl: b.packageUrl,
          status: 'running',
          regions: regions.map((r) => ({
            region: r.region as string,
            applicationConfigurationUrl: r.applicationConfigurationUrl,
            status: 'running',
          })),
          createdAt: new Date().toISOString(),
          putCalls: 1,
        };
        deployments.set(d.id, d);
        const t = setTimeout(() => (timers.delete(t), finish(d)), durationMs);
        timers.add(t);
        return { status: 201, json: view(d) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/packageDeployments\/(?<id>[^/]+)$/,
      handle: (ctx) => {
        if (!authorised(ctx.req.headers['api-key'])) return unauthorised;
        const d = deployments.get(ctx.params.id as string);
        return d
          ? { status: 200, json: view(d) }
          : { status: 404, json: { error: { code: 'NotFound', message: 'no such deployment' } } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/_admin\/packageDeployments$/,
      handle: () => ({
        status: 200,
        json: { deployments: [...deployments.values()], available: availableView() },
      }),
    },
    ...failures.routes(),
  ];
  const availableView = (): Record<string, string[]> =>
    Object.fromEntries([...available].map(([k, v]) => [k, [...v].sort()]));

  const server = createStandInServer('crm-provisioning', routes, options.tls);
  return {
    server,
    deployments: () => [...deployments.values()],
    available: availableView,
    failures,
    close: () => {
      timers.forEach(clearTimeout);
      server.close();
      server.closeAllConnections();
    },
  };
}
