import { createHmac, randomUUID } from 'node:crypto';
import type { Route } from '../shared/createStandInServer';
import type { FailureSwitches } from '../shared/failureSwitches';

export interface LogicRun {
  runId: string;
  workflow: string;
  clientTrackingId: string;
  status: 'Running' | 'Succeeded' | 'Failed';
  startTime: string;
  endTime?: string;
  input: unknown;
  outputs?: Record<string, { type: string; value: unknown }>;
  error?: { code: string; message: string };
}

export interface LogicAppsState {
  runs(): LogicRun[];
  /** Session ids assigned and not yet deprovisioned, per `subscription/resourceGroup`. */
  assigned(): Record<string, string[]>;
  /** Most sessions assigned at once in any one resource group. */
  highWater(): number;
  /** How long a run takes (default 200 ms). */
  setRunDurationMs(ms: number): void;
}

const WF =
  '/subscriptions/(?<sub>[^/]+)/resourcegroups/(?<rg>[^/]+)/providers/Microsoft\\.Logic/workflows/(?<wf>[^/]+)';
const SIGNING_KEY = randomUUID();

/**
 * Logic apps, both as ARM manages them (@azure/arm-logic: triggers list, listCallbackUrl, runs
 * list filtered by ClientTrackingId, run get) and as their Request trigger is called (a signed
 * callback URL answered 202 with x-ms-workflow-run-id). Any workflow name exists. A run's body
 * `{ action: 'assign' | 'deprovision', sessionId }` adds or removes the session from the resource
 * group's assignments; an assign run outputs `accessInformation`. Failure targets: `logicRun`
 * (the run ends Failed), `logicTrigger` (the trigger call fails).
 */
export function logicAppRoutes(
  origin: () => string,
  failures: FailureSwitches,
): { armRoutes: Route[]; callbackRoutes: Route[]; state: LogicAppsState; close(): void } {
  const runs = new Map<string, LogicRun>();
  const assigned = new Map<string, Set<string>>();
  const timers = new Set<NodeJS.Timeout>();
  let runDurationMs = 200;
  let high = 0;
  const sig = (path: string): string =>
    createHmac('sha256', SIGNING_KEY).update(path.toLowerCase()).digest('base64url');
  const wfKey = (sub: string, rg: string, wf: string): string => `${sub}/${rg}/${wf}`.toLowerCase();
  const runView = (r: LogicRun) => ({
    id: `${r.workflow}/runs/${r.runId}`,
    name: r.runId,
    type: 'Microsoft.Logic/workflows/runs',
    properties: {
      status: r.status,
      startTime: r.startTime,
      ...(r.endTime ? { endTime: r.endTime } : {}),
      correlation: { clientTrackingId: r.clientTrackingId },
      ...(r.outputs ? { outputs: r.outputs } : {}),
      ...(r.error ? { error: r.error } : {}),
    },
  });

  const armRoutes: Route[] = [
    {
      method: 'GET',
      pattern: new RegExp(`^${WF}/triggers$`, 'i'),
      handle: (ctx) => ({
        status: 200,
        json: {
          value: [
            {
              id: `${ctx.url.pathname}/manual`,
              name: 'manual',
              type: 'Microsoft.Logic/workflows/triggers',
              properties: { provisioningState: 'Succeeded', state: 'Enabled' },
            },
          ],
        },
      }),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${WF}/triggers/(?<trigger>[^/]+)/listCallbackUrl$`, 'i'),
      handle: (ctx) => {
        const { sub, rg, wf, trigger } = ctx.params;
        const path = `/workflows/${encodeURIComponent(wfKey(sub ?? '', rg ?? '', wf ?? ''))}/triggers/${trigger}/paths/invoke`;
        const queries = {
          'api-version': '2016-10-01',
          sp: `/triggers/${trigger}/run`,
          sv: '1.0',
          sig: sig(path),
        };
        return {
          status: 200,
          json: {
            value: `${origin()}${path}?${new URLSearchParams(queries).toString()}`,
            method: 'POST',
            basePath: `${origin()}${path}`,
            queries,
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${WF}/runs$`, 'i'),
      handle: (ctx) => {
        const { sub, rg, wf } = ctx.params;
        const filter = ctx.url.searchParams.get('$filter') ?? '';
        const tracking = /ClientTrackingId eq '([^']*)'/i.exec(filter)?.[1];
        const k = wfKey(sub ?? '', rg ?? '', wf ?? '');
        const value = [...runs.values()]
          .filter((r) => r.workflow === k && (tracking === undefined || r.clientTrackingId === tracking))
          .map(runView);
        return { status: 200, json: { value } };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${WF}/runs/(?<run>[^/]+)$`, 'i'),
      handle: (ctx) => {
        const r = runs.get(ctx.params.run as string);
        return r
          ? { status: 200, json: runView(r) }
          : { status: 404, json: { error: { code: 'WorkflowRunNotFound', message: 'not found' } } };
      },
    },
  ];

  const callbackRoutes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/workflows\/(?<wf>[^/]+)\/triggers\/(?<trigger>[^/]+)\/paths\/invoke$/,
      handle: (ctx) => {
        const path = `/workflows/${encodeURIComponent(ctx.params.wf as string)}/triggers/${ctx.params.trigger}/paths/invoke`;
        if (ctx.url.searchParams.get('sig') !== sig(path)) {
          return {
            status: 401,
            json: {
              error: {
                code: 'DirectApiInvalidAuthorizationSignature',
                message: 'The provided callback URL signature is not valid.',
              },
            },
          };
        }
        const injected = failures.take('logicTrigger');
        if (injected) return injected;
        const workflow = ctx.params.wf as string;
        const input = ctx.json<{ action?: string; sessionId?: string }>() ?? {};
        const clientTrackingId =
          (ctx.req.headers['x-ms-client-tracking-id'] as string | undefined) ?? randomUUID();
        const run: LogicRun = {
          runId: randomUUID().replace(/-/g, '').toUpperCase(),
          workflow,
          clientTrackingId,
          status: 'Running',
          startTime: new Date().toISOString(),
          input,
        };
        runs.set(run.runId, run);
        const t = setTimeout(() => {
          timers.delete(t);
          run.endTime = new Date().toISOString();
          if (failures.take('logicRun')) {
            run.status = 'Failed';
            run.error = { code: 'ActionFailed', message: 'An action failed (injected failure).' };
            return;
          }
          const group = workflow.split('/').slice(0, 2).join('/');
          const set = assigned.get(group) ?? new Set<string>();
          assigned.set(group, set);
          if (input.action === 'assign' && input.sessionId) {
            set.add(input.sessionId);
            high = Math.max(high, set.size);
            run.outputs = {
              accessInformation: {
                type: 'Object',
                value: {
                  userName: `testdrive-${input.sessionId}`,
                  signInUrl: `${origin()}/testdrive/${encodeURIComponent(input.sessionId)}`,
                },
              },
            };
          } else if (input.action === 'deprovision' && input.sessionId) {
            set.delete(input.sessionId);
          }
          run.status = 'Succeeded';
        }, runDurationMs);
        timers.add(t);
        return {
          status: 202,
          headers: { 'x-ms-workflow-run-id': run.runId, 'x-ms-client-tracking-id': clientTrackingId },
        };
      },
    },
  ];

  return {
    armRoutes,
    callbackRoutes,
    state: {
      runs: () => [...runs.values()],
      assigned: () => Object.fromEntries([...assigned].map(([k, v]) => [k, [...v]])),
      highWater: () => high,
      setRunDurationMs: (ms) => void (runDurationMs = ms),
    },
    close: () => timers.forEach(clearTimeout),
  };
}
