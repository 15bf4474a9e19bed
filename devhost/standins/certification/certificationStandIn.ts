import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { CertificationCallback } from '../../../domain/certification/certificationResult';
import { signWebhook } from '../../../domain/certification/webhookSignature';
import { createStandInServer, type Reply, type Route, type StandInTls } from '../shared/createStandInServer';
import { FailureSwitches } from '../shared/failureSwitches';
import { certificationPlan, type CertificationPlan } from './certificationPlan';

export interface CertificationRecord {
  certificationRequestId: string;
  submissionId: string;
  status: 'inProgress' | 'passed' | 'failed';
  createdAt: string;
  completedAt?: string;
  report?: CertificationCallback['data']['report'];
  /** What the submit call carried (packageUrl without its query: a SAS is a secret). */
  request: { offerId?: string; packageUrl?: string; notesForCertification: string; callbackUrl: string };
  plan: CertificationPlan;
  /** How many submit calls named this submission (idempotency can be checked). */
  submitCalls: number;
  deliveries: { webhookId: string; attempt: number; at: string; status: number | 'error' }[];
}

export interface CertificationStandInOptions {
  /** `whsec_…` secrets the callbacks are signed with (all of them: a sender-side rotation). */
  webhookSecrets: string[];
  /** Required in the `api-key` header when set. */
  apiKey?: string;
  /** Delay before the answer when the request gives no hint (default 500 ms). */
  defaultDelayMs?: number;
  /** Waits between callback attempts when the receiver fails (default 1 s, 2 s, 4 s, 8 s). */
  retryDelaysMs?: number[];
  tls?: StandInTls;
}

export interface CertificationStandIn {
  server: Server;
  records(): CertificationRecord[];
  get(submissionId: string): CertificationRecord | undefined;
  /** Sends the finished request's callback again (same webhook-id, fresh timestamp). */
  redeliver(submissionId: string): Promise<number | 'error'>;
  setWebhookSecrets(secrets: string[]): void;
  failures: FailureSwitches;
  close(): void;
}

/**
 * The certification service: `PUT /certifications/{submissionId}` starts (or, repeated, returns)
 * a certification request; after a delay it is approved or rejected (see certificationPlan) and
 * the callback URL given at submission receives a Standard Webhooks signed POST, retried with
 * back-off while the receiver does not answer 2xx. `GET /certifications/{submissionId}` reads it.
 * Admin: GET /_admin/certifications, POST /_admin/certifications/{submissionId}/redeliver,
 * POST|DELETE /_admin/failures (target `submit`).
 */
export function createCertificationStandIn(options: CertificationStandInOptions): CertificationStandIn {
  let secrets = [...options.webhookSecrets];
  const defaultDelayMs = options.defaultDelayMs ?? 500;
  const retryDelaysMs = options.retryDelaysMs ?? [1000, 2000, 4000, 8000];
  const records = new Map<string, CertificationRecord>();
  const timers = new Set<NodeJS.Timeout>();
  const failures = new FailureSwitches();
  let closed = false;

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, ms);
    timers.add(t);
  };

  const view = (r: CertificationRecord) => ({
    certificationRequestId: r.certificationRequestId,
    submissionId: r.submissionId,
    status: r.status,
    createdAt: r.createdAt,
    ...(r.completedAt ? { completedAt: r.completedAt } : {}),
    ...(r.report ? { report: r.report } : {}),
  });

  const deliver = async (r: CertificationRecord, attempt: number): Promise<number | 'error'> => {
    const body: CertificationCallback = {
      type: 'certification.completed',
      timestamp: r.completedAt ?? new Date().toISOString(),
      data: {
        certificationRequestId: r.certificationRequestId,
        submissionId: r.submissionId,
        result: r.status === 'passed' ? 'passed' : 'failed',
        report: r.report ?? { summary: '', findings: [] },
      },
    };
    const text = JSON.stringify(body);
    // The same message keeps its id across attempts, so receivers can de-duplicate.
    const webhookId = `msg_${r.certificationRequestId}`;
    let status: number | 'error';
    try {
      const res = await fetch(r.request.callbackUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signWebhook(webhookId, Date.now() / 1000, text, secrets),
        },
        body: text,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      status = 'error';
    }
    r.deliveries.push({ webhookId, attempt, at: new Date().toISOString(), status });
    return status;
  };

  const deliverWithRetries = (r: CertificationRecord, attempt: number): void => {
    void deliver(r, attempt).then((status) => {
      const ok = typeof status === 'number' && status >= 200 && status < 300;
      const wait = retryDelaysMs[attempt - 1];
      if (!ok && wait !== undefined) later(wait, () => deliverWithRetries(r, attempt + 1));
    });
  };

  const complete = (r: CertificationRecord): void => {
    const passed = r.plan.outcome === 'approve';
    r.status = passed ? 'passed' : 'failed';
    r.completedAt = new Date().toISOString();
    r.report = passed
      ? { summary: 'Certification passed.', findings: [] }
      : { summary: `Certification failed: ${r.plan.findings.length} finding(s).`, findings: r.plan.findings };
    deliverWithRetries(r, 1);
  };

  const authorised = (key: string | string[] | undefined): boolean =>
    !options.apiKey || key === options.apiKey;
  const unauthorised: Reply = {
    status: 401,
    json: { error: { code: 'Unauthorized', message: 'api-key is missing or wrong' } },
  };

  const routes: Route[] = [
    {
      method: 'PUT',
      pattern: /^\/certifications\/(?<submissionId>[^/]+)$/,
      handle: (ctx) => {
        if (!authorised(ctx.req.headers['api-key'])) return unauthorised;
        const injected = failures.take('submit');
        if (injected) return injected;
        const b = ctx.json<{
          callbackUrl?: string;
          packageUrl?: string;
          notesForCertification?: string;
          offerId?: string;
        }>();
        if (!b?.callbackUrl || !URL.canParse(b.callbackUrl)) {
          return {
            status: 400,
            json: { error: { code: 'InvalidRequest', message: 'callbackUrl (absolute URL) is required' } },
          };
        }
        const existing = records.get(ctx.params.submissionId as string);
        if (existing) {
          existing.submitCalls += 1;
          return { status: 200, json: view(existing) };
        }
        const notes = b.notesForCertification ?? '';
        const r: CertificationRecord = {
          certificationRequestId: randomUUID(),
          submissionId: ctx.params.submissionId as string,
          status: 'inProgress',
          createdAt: new Date().toISOString(),
          request: {
            offerId: b.offerId,
            packageUrl: b.packageUrl?.split('?')[0],
            notesForCertification: notes,
            callbackUrl: b.callbackUrl,
          },
          plan: certificationPlan(notes, ctx.req.headers, defaultDelayMs),
          submitCalls: 1,
          deliveries: [],
        };
        records.set(r.submissionId, r);
        if (r.plan.outcome !== 'never') later(r.plan.delayMs, () => complete(r));
        return { status: 201, json: view(r) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/certifications\/(?<submissionId>[^/]+)$/,
      handle: (ctx) => {
        if (!authorised(ctx.req.headers['api-key'])) return unauthorised;
        const r = records.get(ctx.params.submissionId as string);
        return r
          ? { status: 200, json: view(r) }
          : { status: 404, json: { error: { code: 'NotFound', message: 'no such certification request' } } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/_admin\/certifications$/,
      handle: () => ({ status: 200, json: [...records.values()] }),
    },
    {
      method: 'POST',
      pattern: /^\/_admin\/certifications\/(?<submissionId>[^/]+)\/redeliver$/,
      handle: async (ctx) => {
        const r = records.get(ctx.params.submissionId as string);
        if (!r || r.status === 'inProgress') return { status: 409, json: { error: 'not finished' } };
        return { status: 200, json: { status: await deliver(r, r.deliveries.length + 1) } };
      },
    },
    ...failures.routes(),
  ];

  const server = createStandInServer('certification', routes, options.tls);
  return {
    server,
    records: () => [...records.values()],
    get: (id) => records.get(id),
    redeliver: async (id) => {
      const r = records.get(id);
      if (!r || r.status === 'inProgress') throw new Error(`certification of ${id} is not finished`);
      return deliver(r, r.deliveries.length + 1);
    },
    setWebhookSecrets: (s) => void (secrets = [...s]),
    failures,
    close: () => {
      closed = true;
      timers.forEach(clearTimeout);
      timers.clear();
      server.close();
      server.closeAllConnections();
    },
  };
}
