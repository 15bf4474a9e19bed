import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INBOX_ACCESS_KEY } from '../../devhost/localSettings';

export interface HoldingEmailRelay {
  /** The host's e-mail settings that send through the relay. */
  readonly appSettings: { EMAIL_ENDPOINT: string; EMAIL_CONNECTION_STRING: string };
  /** How many e-mails are being held. */
  held(): number;
  /** Sends the held e-mails on, and every later one at once. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A relay between a host and the local e-mail inbox (the ACS e-mail protocol passes through
 * untouched, signature included) that holds back every e-mail whose custom header
 * `x-test-drive-mail` or `x-publishing-step` is `kind` until `release()`: the activity sending it
 * is then still running, so a test can make something happen at exactly that moment.
 */
export function startHoldingEmailRelay(inbox: URL, kind: string): Promise<HoldingEmailRelay> {
  const waiting: Array<() => void> = [];
  let holding = true;
  const marker = new RegExp(`"(x-test-drive-mail|x-publishing-step)":"${kind}"`);
  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    const out = request(
      { host: inbox.hostname, port: inbox.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    out.end(body);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (holding && marker.test(body.toString('utf8'))) waiting.push(() => forward(req, body, res));
      else forward(req, body, res);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      resolve({
        appSettings: { EMAIL_ENDPOINT: url, EMAIL_CONNECTION_STRING: `endpoint=${url};accesskey=${INBOX_ACCESS_KEY}` },
        held: () => waiting.length,
        release: () => {
          holding = false;
          for (const send of waiting.splice(0)) send();
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
