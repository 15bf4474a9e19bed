import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { readLocalAccessToken } from '../entra/localAccessToken';
import { createStandInServer, type Reply, type Route, type StandInTls } from '../shared/createStandInServer';
import { FailureSwitches } from '../shared/failureSwitches';
import { deploymentOutputs } from './deploymentOutputs';
import { logicAppRoutes, type LogicAppsState } from './logicAppRoutes';

export interface ResourceGroupState {
  subscriptionId: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  deployments: Map<string, DeploymentState>;
  /** Resources the deployments created (type/name), removed with the group. */
  resources: string[];
}

export interface DeploymentState {
  id: string;
  name: string;
  provisioningState: 'Accepted' | 'Running' | 'Succeeded' | 'Failed';
  template: {
    resources?: { type?: string; name?: string }[];
    outputs?: Record<string, { type?: string; value?: unknown }>;
  };
  parameters: Record<string, { value?: unknown }>;
  outputs?: Record<string, { type: string; value: unknown }>;
  error?: { code: string; message: string };
  operationId: string;
  putCalls: number;
}

export interface ArmStandInOptions {
  tls: StandInTls;
  /** How long a template deployment runs (default 300 ms); a resource group deletion takes as long. */
  deploymentMs?: number;
}

/** One template deployment the stand-in accepted (a new one: a PUT answered from an existing deployment is not one). */
export interface DeploymentRecord {
  /** `subscriptionId/resourceGroupName`. */
  group: string;
  name: string;
  at: number;
}

export interface ArmStandIn {
  server: Server;
  /** Resource groups that exist now, as `subscriptionId/name`. */
  resourceGroups(): string[];
  group(subscriptionId: string, name: string): ResourceGroupState | undefined;
  /** Most resource groups that existed at once since start (or since resetHighWater). */
  highWater(): number;
  resetHighWater(): void;
  /** Changes how long deployments (and group deletions) started from now on take. */
  setDeploymentMs(ms: number): void;
  /** Every new deployment since start, oldest first (a hot instance handed out adds none). */
  deployments(): DeploymentRecord[];
  /** Targets: `createGroup`, `deployment` (the deployment ends Failed), `deleteGroup`. */
  failures: FailureSwitches;
  logic: LogicAppsState;
  close(): void;
}

const AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net'];
const SUB = '/subscriptions/(?<sub>[^/]+)';
const RG = `${SUB}/resourcegroups/(?<rg>[^/]+)`;

/**
 * Azure Resource Manager as @azure/arm-resources and @azure/arm-logic call it, over HTTPS with a
 * bearer token from the Entra stand-in (audience management.azure.com): resource groups (PUT,
 * HEAD, GET, DELETE as a 202 + Location long-running operation), template deployments (PUT 201 +
 * Azure-AsyncOperation, polled; the template's resources are recorded in the group, its outputs
 * answered) and Logic apps (logicAppRoutes). Records the high-water mark of concurrent groups.
 */
export function createArmStandIn(options: ArmStandInOptions): ArmStandIn {
  const groups = new Map<string, ResourceGroupState>();
  const operations = new Map<string, { done: boolean; failed?: { code: string; message: string } }>();
  const timers = new Set<NodeJS.Timeout>();
  const failures = new FailureSwitches();
  let deploymentMs = options.deploymentMs ?? 300;
  let high = 0;
  let origin = '';
  const deployments: DeploymentRecord[] = [];
  const key = (sub: string, rg: string): string => `${sub}/${rg}`.toLowerCase();
  const later = (fn: () => void): void => {
    const t = setTimeout(() => (timers.delete(t), fn()), deploymentMs);
    timers.add(t);
  };
  const notFound = (what: string): Reply => ({
    status: 404,
    json: { error: { code: 'ResourceGroupNotFound', message: `${what} could not be found.` } },
  });
  const groupView = (g: ResourceGroupState) => ({
    id: `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`,
    name: g.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: g.location,
    tags: g.tags,
    properties: { provisioningState: 'Succeeded' },
  });
  const deploymentView = (g: ResourceGroupState, d: DeploymentState) => ({
    id: `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}/providers/Microsoft.Resources/deployments/${d.name}`,
    name: d.name,
    type: 'Microsoft.Resources/deployments',
    properties: {
      provisioningState: d.provisioningState,
      mode: 'Incremental',
      ...(d.outputs ? { outputs: d.outputs } : {}),
      ...(d.error ? { error: d.error } : {}),
      outputResources: d.provisioningState === 'Succeeded' ? g.resources.map((r) => ({ id: r })) : [],
    },
  });

  const routes: Route[] = [
    {
      method: 'PUT',
      pattern: new RegExp(`^${RG}$`, 'i'),
      handle: (ctx) => {
        const injected = failures.take('createGroup');
        if (injected) return injected;
        const { sub, rg } = ctx.params as { sub: string; rg: string };
        const b = ctx.json<{ location?: string; tags?: Record<string, string> }>();
        if (!b?.location)
          return {
            status: 400,
            json: { error: { code: 'LocationRequired', message: 'location is required' } },
          };
        const existing = groups.get(key(sub, rg));
        if (existing) {
          existing.tags = b.tags ?? existing.tags;
          return { status: 200, json: groupView(existing) };
        }
        const g: ResourceGroupState = {
          subscriptionId: sub,
          name: rg,
          location: b.location,
          tags: b.tags ?? {},
          deployments: new Map(),
          resources: [],
        };
        groups.set(key(sub, rg), g);
        high = Math.max(high, groups.size);
        return { status: 201, json: groupView(g) };
      },
    },
    {
      method: 'HEAD',
      pattern: new RegExp(`^${RG}$`, 'i'),
      handle: (ctx) => ({
        status: groups.has(key(ctx.params.sub as string, ctx.params.rg as string)) ? 204 : 404,
      }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${RG}$`, 'i'),
      handle: (ctx) => {
        const g = groups.get(key(ctx.params.sub as string, ctx.params.rg as string));
        return g ? { status: 200, json: groupView(g) } : notFound(`Resource group '${ctx.params.rg}'`);
      },
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`^${RG}$`, 'i'),
      handle: (ctx) => {
        const injected = failures.take('deleteGroup');
        if (injected) return injected;
        const k = key(ctx.params.sub as string, ctx.params.rg as string);
        if (!groups.has(k)) return { status: 204 };
        const op = randomUUID();
        operations.set(op, { done: false });
        later(() => {
          groups.delete(k);
          operations.set(op, { done: true });
        });
        return {
          status: 202,
          headers: {
            location: `${origin}/subscriptions/${ctx.params.sub}/operationresults/${op}?api-version=2021-04-01`,
            'retry-after': '0',
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${SUB}/operationresults/(?<op>[^/]+)$`, 'i'),
      handle: (ctx) => {
        const op = operations.get(ctx.params.op as string);
        if (!op) return { status: 404, json: { error: { code: 'NotFound', message: 'no such operation' } } };
        return op.done
          ? { status: 200 }
          : {
              status: 202,
              headers: { location: `${origin}${ctx.url.pathname}${ctx.url.search}`, 'retry-after': '0' },
            };
      },
    },
    {
      method: 'PUT',
      pattern: new RegExp(`^${RG}/providers/Microsoft\\.Resources/deployments/(?<name>[^/]+)$`, 'i'),
      handle: (ctx) => {
        const g = groups.get(key(ctx.params.sub as string, ctx.params.rg as string));
        if (!g) return notFound(`Resource group '${ctx.params.rg}'`);
        const name = ctx.params.name as string;
        const existing = g.deployments.get(name.toLowerCase());
        if (existing && existing.provisioningState !== 'Failed') {
          existing.putCalls += 1;
          return { status: 200, json: deploymentView(g, existing) };
        }
        const b = ctx.json<{
          properties?: { template?: DeploymentState['template']; parameters?: DeploymentState['parameters'] };
        }>();
        if (!b?.properties?.template)
          return {
            status: 400,
            json: { error: { code: 'InvalidTemplate', message: 'properties.template is required' } },
          };
        const d: DeploymentState = {
          id: randomUUID(),
          name,
          provisioningState: 'Accepted',
          template: b.properties.template,
          parameters: b.properties.parameters ?? {},
          operationId: randomUUID(),
          putCalls: 1,
        };
        g.deployments.set(name.toLowerCase(), d);
        deployments.push({ group: `${g.subscriptionId}/${g.name}`, name, at: Date.now() });
        setImmediate(() => (d.provisioningState = 'Running'));
        later(() => {
          if (failures.take('deployment')) {
            d.provisioningState = 'Failed';
            d.error = {
              code: 'DeploymentFailed',
              message: 'At least one resource deployment operation failed (injected failure).',
            };
            // Half-way: the first resource was made before the failure, as in Azure.
            const first = d.template.resources?.[0];
            if (first) g.resources.push(`${first.type ?? 'unknown'}/${first.name ?? 'unnamed'}`);
            return;
          }
          for (const r of d.template.resources ?? [])
            g.resources.push(`${r.type ?? 'unknown'}/${r.name ?? 'unnamed'}`);
          d.outputs = deploymentOutputs(d.template.outputs, d.parameters, g);
          d.provisioningState = 'Succeeded';
        });
        const base = `${origin}/subscriptions/${g.subscriptionId}/resourcegroups/${g.name}/providers/Microsoft.Resources/deployments/${name}`;
        return {
          status: 201,
          headers: {
            'azure-asyncoperation': `${base}/operationStatuses/${d.operationId}?api-version=2021-04-01`,
            'retry-after': '0',
          },
          json: deploymentView(g, d),
        };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(
        `^${RG}/providers/Microsoft\\.Resources/deployments/(?<name>[^/]+)/operationStatuses/(?<op>[^/]+)$`,
        'i',
      ),
      handle: (ctx) => {
        const d = groups
          .get(key(ctx.params.sub as string, ctx.params.rg as string))
          ?.deployments.get((ctx.params.name as string).toLowerCase());
        if (!d || d.operationId !== ctx.params.op)
          return { status: 404, json: { error: { code: 'NotFound', message: 'no such operation' } } };
        const status = d.provisioningState === 'Accepted' ? 'Running' : d.provisioningState;
        return { status: 200, json: { status, ...(d.error ? { error: d.error } : {}) } };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${RG}/providers/Microsoft\\.Resources/deployments/(?<name>[^/]+)$`, 'i'),
      handle: (ctx) => {
        const g = groups.get(key(ctx.params.sub as string, ctx.params.rg as string));
        const d = g?.deployments.get((ctx.params.name as string).toLowerCase());
        return g && d
          ? { status: 200, json: deploymentView(g, d) }
          : { status: 404, json: { error: { code: 'DeploymentNotFound', message: 'not found' } } };
      },
    },
  ];

  const logic = logicAppRoutes(() => origin, failures);
  // Every ARM call carries a bearer token for management.azure.com; trigger callback URLs are signed instead.
  const guarded: Route[] = [...routes, ...logic.armRoutes].map((r) => ({
    ...r,
    handle: (ctx) =>
      readLocalAccessToken(ctx.req.headers, AUDIENCES)
        ? r.handle(ctx)
        : {
            status: 401,
            json: {
              error: {
                code: 'AuthenticationFailed',
                message: 'A valid bearer token for Azure Resource Manager is required.',
              },
            },
          },
  }));
  const server = createStandInServer(
    'arm',
    [...guarded, ...logic.callbackRoutes, ...failures.routes()],
    options.tls,
  );
  server.on('listening', () => {
    const address = server.address();
    if (address && typeof address === 'object') origin = `https://127.0.0.1:${address.port}`;
  });
  return {
    server,
    resourceGroups: () => [...groups.values()].map((g) => `${g.subscriptionId}/${g.name}`),
    group: (sub, rg) => groups.get(key(sub, rg)),
    highWater: () => high,
    deployments: () => [...deployments],
    setDeploymentMs: (ms) => void (deploymentMs = ms),
    resetHighWater: () => void (high = groups.size),
    failures,
    logic: logic.state,
    close: () => {
      timers.forEach(clearTimeout);
      logic.close();
      server.close();
      server.closeAllConnections();
    },
  };
}
