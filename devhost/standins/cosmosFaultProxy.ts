import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  request as forwardRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { listen } from './listen';
import {
  chooseFault,
  classifyRequest,
  faultKinds,
  noFaults,
  parseFaultMix,
  type FaultKind,
  type FaultMix,
  type OperationClass,
} from './cosmosFaultProxySelection';

/** The control endpoint: `GET` the mix and the counters, `PUT` a new mix (JSON), `DELETE` = no faults. */
export const FAULT_CONTROL_PATH = '/_faults';

export interface FaultCounters {
  /** Requests seen (control requests excluded), by operation class. */
  requests: Record<OperationClass, number>;
  /** Faults injected, by kind. */
  faults: Record<FaultKind, number>;
  /** Requests forwarded to the stand-in (including `lostResponse` ones). */
  forwarded: number;
  /** The latest faults (at most 50), for diagnosis: which request got which fault. */
  recent: Array<{ fault: FaultKind; method: string; path: string; at: string }>;
}

export interface CosmosFaultProxy {
  /** e.g. `http://127.0.0.1:41234/`: give it to the host as COSMOS_ENDPOINT. */
  readonly url: string;
  readonly port: number;
  mix(): FaultMix;
  setMix(mix: FaultMix): void;
  counters(): FaultCounters;
  resetCounters(): void;
  close(): Promise<void>;
}

export interface CosmosFaultProxyOptions {
  /** The Cosmos DB stand-in, e.g. `http://127.0.0.1:8081/`. */
  target: string;
  /** 0 = any free port. */
  port?: number;
  mix?: FaultMix;
  /** Uniform draws in [0, 1); Math.random unless a test wants a seeded sequence. */
  random?: () => number;
}

const errorBodies: Record<
  'throttle' | 'unavailable' | 'timeout',
  { status: number; code: string; message: string }
> = {
  throttle: {
    status: 429,
    code: 'TooManyRequests',
    message:
      'Message: {"Errors":["Request rate is large. More Request Units may be needed, so no changes were made. Please retry this request later."]}',
  },
  unavailable: {
    status: 503,
    code: 'ServiceUnavailable',
    message: 'Message: {"Errors":["The request failed because the service is unavailable. Please retry."]}',
  },
  timeout: {
    status: 408,
    code: 'RequestTimeout',
    message: 'Message: {"Errors":["The request timed out while waiting for a server response."]}',
  },
};

/**
 * A fault-injecting proxy in front of the Cosmos DB stand-in. It speaks the stand-in's protocol
 * (plain HTTP, the SDK signs every request with the account key, so the proxy forwards bytes and
 * headers untouched and needs no key). Per request it may answer 429/503/408 itself, hold the
 * request unanswered, reset the connection, or forward and then reset instead of answering; see
 * {@link faultKinds}. The mix is changed at run time through {@link FAULT_CONTROL_PATH} or
 * {@link CosmosFaultProxy.setMix}.
 */
export async function startCosmosFaultProxy(options: CosmosFaultProxyOptions): Promise<CosmosFaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:')
    throw new Error(`The fault proxy forwards to an http: stand-in, not ${target.protocol}`);
  const random = options.random ?? Math.random;
  // Keep-alive towards the stand-in too: the SDK keeps its connections, and so does Cosmos DB.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let mix = options.mix ?? noFaults;
  let counters = emptyCounters();
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === FAULT_CONTROL_PATH) {
      void control(req, res);
      return;
    }
    const shape = { method: req.method ?? 'GET', path, headers: req.headers };
    counters.requests[classifyRequest(shape)]++;
    const fault = chooseFault(mix, shape, random);
    if (fault !== undefined) {
      counters.faults[fault]++;
      counters.recent = [
        ...counters.recent.slice(-49),
        { fault, method: shape.method, path, at: new Date().toISOString() },
      ];
    }
    switch (fault) {
      case 'throttle':
        return answerError(req, res, 'throttle', {
          'x-ms-retry-after-ms': String(mix.retryAfterMs ?? 100),
          'x-ms-substatus': '3200',
        });
      case 'unavailable':
        return answerError(req, res, 'unavailable', {});
      case 'timeout':
        return answerError(req, res, 'timeout', {});
      case 'hang':
        // Read and drop the body, never answer: the client's own timeout has to end it.
        req.resume();
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'lostResponse':
        return forward(req, res, true);
      case undefined:
        return forward(req, res, false);
    }
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function forward(req: IncomingMessage, res: ServerResponse, loseResponse: boolean): void {
    counters.forwarded++;
    const upstream = forwardRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      (answer) => {
        if (loseResponse) {
          // The stand-in has done the operation; the client never hears of it.
          answer.resume();
          answer.on('end', () => req.socket.resetAndDestroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      // The stand-in is unreachable: the client sees its connection reset, as it would without us.
      process.stderr.write(`cosmos fault proxy: forwarding failed: ${err.message}\n`);
      req.socket.resetAndDestroy();
    });
    req.pipe(upstream);
  }

  async function control(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === 'PUT' || req.method === 'POST') {
        const text = await readBody(req);
        mix = parseFaultMix(JSON.parse(text));
      } else if (req.method === 'DELETE') {
        mix = noFaults;
        counters = emptyCounters();
      } else if (req.method !== 'GET') {
        return reply(405, { message: 'GET, PUT or DELETE' });
      }
      reply(200, { mix, counters });
    } catch (err) {
      reply(400, { message: err instanceof Error ? err.message : String(err) });
    }
  }

  const port = await listen(server, options.port ?? 0, 'Cosmos DB fault proxy');
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    mix: () => mix,
    setMix: (next) => {
      mix = parseFaultMix(next);
    },
    counters: () => structuredClone(counters),
    resetCounters: () => {
      counters = emptyCounters();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        agent.destroy();
      }),
  };
}

function answerError(
  req: IncomingMessage,
  res: ServerResponse,
  kind: 'throttle' | 'unavailable' | 'timeout',
  headers: Record<string, string>,
): void {
  const { status, code, message } = errorBodies[kind];
  // Drain the request first so the connection stays usable for the client's retry.
  req.resume();
  req.on('end', () => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-ms-activity-id': randomUUID(),
      'x-ms-request-charge': '0',
      ...headers,
    });
    res.end(JSON.stringify({ code, message }));
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function emptyCounters(): FaultCounters {
  return {
    requests: { read: 0, query: 0, write: 0 },
    faults: Object.fromEntries(faultKinds.map((k) => [k, 0])) as Record<FaultKind, number>,
    forwarded: 0,
    recent: [],
  };
}

/**
 * Run on its own: `node dist/devhost/standins/cosmosFaultProxy.js` with COSMOS_FAULT_PROXY_TARGET
 * (the stand-in's URL), COSMOS_FAULT_PROXY_PORT (default 8082) and optionally COSMOS_FAULTS (a mix
 * as JSON, e.g. `{"rates":{"throttle":0.3}}`). Prints `cosmos fault proxy ready <url>`.
 */
async function main(): Promise<void> {
  const targetUrl = process.env.COSMOS_FAULT_PROXY_TARGET;
  if (!targetUrl) throw new Error('COSMOS_FAULT_PROXY_TARGET is required (the Cosmos DB stand-in URL)');
  const faults = process.env.COSMOS_FAULTS;
  const proxy = await startCosmosFaultProxy({
    target: targetUrl,
    port: Number(process.env.COSMOS_FAULT_PROXY_PORT ?? '8082'),
    mix: faults ? parseFaultMix(JSON.parse(faults)) : noFaults,
  });
  const stop = (): void => void proxy.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(
    `cosmos fault proxy ready ${proxy.url} (control: ${proxy.url.slice(0, -1)}${FAULT_CONTROL_PATH})\n`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `cosmos fault proxy failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
}
