import type { Server } from 'node:http';
import { createStandInServer, type Route, type StandInTls } from '../shared/createStandInServer';
import { FailureSwitches } from '../shared/failureSwitches';

export type LeadReceiverTarget = 'https-endpoint' | 'marketo' | 'salesforce';

export interface ReceivedLead {
  target: LeadReceiverTarget;
  at: string;
  /** Path the lead was posted to (the HTTPS endpoint's flow name, Marketo's server id). */
  path: string;
  headers: Record<string, string>;
  /** JSON body (HTTPS endpoint) or form fields (Marketo, Salesforce). */
  body: unknown;
  /** The body's bytes as received (UTF-8), to verify a signature over them. */
  rawBody: string;
}

export interface LeadReceiverStandIn {
  server: Server;
  /** What was received, oldest first (failed calls are not recorded). */
  received(target?: LeadReceiverTarget): ReceivedLead[];
  clear(): void;
  /** Targets: the three receiver names. */
  failures: FailureSwitches;
  close(): void;
}

/**
 * The web endpoints leads are posted to, each recording what it accepted:
 * - `POST /https-endpoint/{flow}`: a Power Automate "When a HTTP request is received" trigger
 *   (JSON, answers 202);
 * - `POST /marketo/{serverId}/index.php/leadCapture/save2`: Marketo's form post (form fields,
 *   munchkinId and formid required);
 * - `POST /salesforce/servlet/servlet.WebToLead`: Salesforce Web-to-Lead (form, oid required).
 * Admin: GET /_admin/leads[?target=], DELETE /_admin/leads, POST|DELETE /_admin/failures.
 */
export function createLeadReceiverStandIn(tls: StandInTls): LeadReceiverStandIn {
  const received: ReceivedLead[] = [];
  const failures = new FailureSwitches();
  const record = (
    target: LeadReceiverTarget,
    path: string,
    headers: NodeJS.Dict<string | string[]>,
    body: unknown,
    rawBody: Buffer,
  ): void => {
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers))
      if (typeof v === 'string' && k !== 'authorization') h[k] = v;
    received.push({
      target,
      at: new Date().toISOString(),
      path,
      headers: h,
      body,
      rawBody: rawBody.toString('utf8'),
    });
  };

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/https-endpoint\/(?<flow>[^/]+)$/,
      handle: (ctx) => {
        const injected = failures.take('https-endpoint');
        if (injected) return injected;
        const body = ctx.json();
        if (body === undefined || !String(ctx.req.headers['content-type']).startsWith('application/json')) {
          return {
            status: 400,
            json: { error: { code: 'InvalidRequestContent', message: 'a JSON body is required' } },
          };
        }
        record('https-endpoint', ctx.url.pathname, ctx.req.headers, body, ctx.body);
        return { status: 202 };
      },
    },
    {
      method: 'POST',
      pattern: /^\/marketo\/(?<server>[^/]+)\/index\.php\/leadCapture\/save2$/,
      handle: (ctx) => {
        const injected = failures.take('marketo');
        if (injected) return injected;
        const form = Object.fromEntries(ctx.form());
        if (!form.munchkinId || !form.formid)
          return { status: 400, text: 'munchkinId and formid are required' };
        record('marketo', ctx.url.pathname, ctx.req.headers, form, ctx.body);
        return {
          status: 200,
          json: { formId: form.formid, followUpUrl: 'about:blank', aliId: received.length },
        };
      },
    },
    {
      method: 'POST',
      pattern: /^\/salesforce\/servlet\/servlet\.WebToLead$/,
      handle: (ctx) => {
        const injected = failures.take('salesforce');
        if (injected) return injected;
        const form = Object.fromEntries(ctx.form());
        // Web-to-Lead answers 200 even for a bad form (it e-mails the admin); the stand-in is stricter.
        if (!form.oid) return { status: 400, text: 'oid is required' };
        record('salesforce', ctx.url.pathname, ctx.req.headers, form, ctx.body);
        return { status: 200, text: '' };
      },
    },
    {
      method: 'GET',
      pattern: /^\/_admin\/leads$/,
      handle: (ctx) => {
        const t = ctx.url.searchParams.get('target');
        return { status: 200, json: received.filter((r) => !t || r.target === t) };
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/_admin\/leads$/,
      handle: () => ((received.length = 0), { status: 204 }),
    },
    ...failures.routes(),
  ];
  const server = createStandInServer('lead-receivers', routes, tls);
  return {
    server,
    received: (t) => received.filter((r) => !t || r.target === t),
    clear: () => void (received.length = 0),
    failures,
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}
