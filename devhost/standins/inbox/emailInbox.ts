import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { verifyAcsSignature } from './acsSignature';
import { renderInboxPage } from './inboxPage';
import { InboxStore, type NewMessage } from './inboxStore';

const address = z.object({ address: z.email(), displayName: z.string().optional() });

/** The body of `POST /emails:send` (the ACS EmailMessage), as far as the inbox keeps it. */
const emailMessage = z.object({
  senderAddress: z.email(),
  content: z
    .object({ subject: z.string().min(1), plainText: z.string().optional(), html: z.string().optional() })
    .refine((c) => c.plainText !== undefined || c.html !== undefined, 'plainText or html is required'),
  recipients: z
    .object({
      to: z.array(address).default([]),
      cc: z.array(address).default([]),
      bcc: z.array(address).default([]),
    })
    .refine((r) => r.to.length + r.cc.length + r.bcc.length > 0, 'at least one recipient is required'),
  replyTo: z.array(address).default([]),
  headers: z.record(z.string(), z.string()).default({}),
  attachments: z
    .array(z.object({ name: z.string(), contentType: z.string(), contentInBase64: z.base64() }))
    .default([]),
  userEngagementTrackingDisabled: z.boolean().optional(),
});

export interface EmailInbox {
  readonly server: Server;
  readonly store: InboxStore;
}

/**
 * A local stand-in for the Azure Communication Services e-mail API, as `EmailClient` calls it:
 * `POST /emails:send` (HMAC-signed with the access key) answers 202 with `operation-location`,
 * and `GET /emails/operations/{id}` reports `Succeeded`. Every message is kept and readable at
 * `GET /messages[?to=address]`, `GET /messages/{id}`, cleared by `DELETE /messages`, and listed
 * on an HTML page at `/`.
 */
export function createEmailInbox(accessKeyBase64: string): EmailInbox {
  const store = new InboxStore();
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => route(req, res, body))
      .catch((err: unknown) => {
        if (!res.headersSent) sendError(res, 500, 'InternalError', String(err));
        else res.destroy();
      });
  });

  function route(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://inbox.invalid');
    const method = req.method ?? 'GET';
    const path = url.pathname;

    if (path === '/emails:send' || path.startsWith('/emails/operations/')) {
      const check = verifyAcsSignature(
        { method, url: req.url ?? '/', headers: req.headers, body },
        accessKeyBase64,
      );
      if (!check.ok) return sendError(res, 401, 'Denied', `Authentication failed: ${check.reason}`);
      if (!url.searchParams.get('api-version')) {
        return sendError(
          res,
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter is required',
        );
      }
      if (path === '/emails:send' && method === 'POST') return send(req, res, url, body);
      if (method === 'GET')
        return operationStatus(res, decodeURIComponent(path.slice('/emails/operations/'.length)));
      return sendError(res, 405, 'MethodNotAllowed', `${method} ${path}`);
    }
    if (path === '/' && method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(renderInboxPage(store.list()));
    }
    if (path === '/messages' && method === 'GET') {
      return sendJson(res, 200, store.list(url.searchParams.get('to') ?? undefined));
    }
    if (path === '/messages' && method === 'DELETE') {
      store.clear();
      res.writeHead(204);
      return void res.end();
    }
    if (path.startsWith('/messages/') && method === 'GET') {
      const message = store.get(decodeURIComponent(path.slice('/messages/'.length)));
      return message ? sendJson(res, 200, message) : sendError(res, 404, 'NotFound', 'No such message');
    }
    return sendError(res, 404, 'NotFound', `${method} ${path}`);
  }

  function send(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return sendError(res, 400, 'InvalidRequest', 'The body is not JSON');
    }
    const parsed = emailMessage.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return sendError(
        res,
        400,
        'InvalidRequest',
        `${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`,
      );
    }
    const m = parsed.data;
    const operationId = header(req, 'operation-id');
    // Keys scoped by kind so a caller's Operation-Id cannot collide with an SDK request id.
    const keys = [
      operationId && `operation:${operationId}`,
      header(req, 'repeatability-request-id') && `repeatability:${header(req, 'repeatability-request-id')}`,
      header(req, 'x-ms-client-request-id') && `client-request:${header(req, 'x-ms-client-request-id')}`,
    ].filter((k): k is string => Boolean(k));
    const message: NewMessage = {
      senderAddress: m.senderAddress,
      to: m.recipients.to,
      cc: m.recipients.cc,
      bcc: m.recipients.bcc,
      replyTo: m.replyTo,
      subject: m.content.subject,
      ...(m.content.plainText !== undefined && { plainText: m.content.plainText }),
      ...(m.content.html !== undefined && { html: m.content.html }),
      headers: m.headers,
      attachments: m.attachments.map((a) => ({
        ...a,
        sizeBytes: Buffer.from(a.contentInBase64, 'base64').length,
      })),
    };
    const { message: stored } = store.accept(message, operationId, keys);
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const apiVersion = url.searchParams.get('api-version') ?? '';
    res.writeHead(202, {
      'content-type': 'application/json',
      'operation-location': `${origin}/emails/operations/${encodeURIComponent(stored.operationId)}?api-version=${encodeURIComponent(apiVersion)}`,
      'operation-id': stored.operationId,
      'retry-after': '1',
    });
    res.end(JSON.stringify({ id: stored.operationId, status: 'Running' }));
  }

  function operationStatus(res: ServerResponse, operationId: string): void {
    // Delivery to the inbox is immediate, so every known operation has already succeeded.
    if (!store.operation(operationId)) return sendError(res, 404, 'NotFound', 'No such operation');
    sendJson(res, 200, { id: operationId, status: 'Succeeded' });
  }

  return { server, store };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Errors in the ACS ErrorResponse shape, which the SDK turns into a RestError. */
function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}
