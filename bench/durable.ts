/**
 * Benchmark of the local durable engine (`npm run bench:durable`). Starts the stand-ins process
 * (Cosmos DB stand-in) and a host process with the durable fixture app, then prints:
 *  - the store's raw write rate (instance-sized documents, upserts at the engine's write concurrency),
 *  - orchestrations/s and p50/p99 start-to-finish latency of 200 five-activity sequences started at once,
 *    with the engine's episode rate and its ratio to the raw write rate,
 *  - how late 1,000 timers due in the same second fire (p50/p99).
 * Run it on an otherwise idle machine; the figures are for the machine it runs on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { COSMOS_EMULATOR_KEY } from '../devhost/localSettings';
import { HubStore } from '../devhost/durable/hubStore';

const root = resolve(__dirname, '..', '..');
const SEQUENCES = Number(process.env['BENCH_SEQUENCES'] ?? 200);
const TIMERS = Number(process.env['BENCH_TIMERS'] ?? 1000);
const RAW_SECONDS = 3;
const RAW_CONCURRENCY = 64;
const BENCH_KEY = 'bench-master-key';

interface Started {
  child: ChildProcess;
  line: string;
  /** Everything printed until ready. */
  out: string;
}

function startProcess(
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  nodeArgs: string[] = [],
): Promise<Started> {
  const child = spawn(process.execPath, [...nodeArgs, join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${script} did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        done({ child, line: match[1] ?? match[0], out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => fail(new Error(`${script} exited (${code}):\n${out}`)));
  });
}

/**
 * CPU time (user + system, ms) a child process has used so far, from /proc (Linux; NaN elsewhere).
 * On a shared machine wall-clock rates move with everyone else's load; CPU per orchestration does not.
 */
function cpuMs(child: ChildProcess): number {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function rawWriteRate(endpoint: string): Promise<{ single: number; bulk: number }> {
  const store = new HubStore({ endpoint, key: COSMOS_EMULATOR_KEY, database: 'bench-raw', container: 'raw' });
  await store.open();
  // About the size of a five-activity sequence's instance document mid-run.
  const history = Array.from({ length: 14 }, (_, i) => ({
    EventType: i % 5,
    EventId: i,
    IsPlayed: true,
    Timestamp: new Date().toISOString(),
    Name: 'double',
    Result: String(i * 1000),
  }));
  let writes = 0;
  const until = Date.now() + RAW_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: RAW_CONCURRENCY }, async (_, w) => {
      for (let i = 0; Date.now() < until; i++) {
        await store.upsertRaw({ id: `doc-${w}-${i % 50}`, kind: 'raw', history, inbox: [], outbox: [] });
        writes++;
      }
    }),
  );
  const single = writes / RAW_SECONDS;
  // The same documents in bulk requests of 100, 4 in flight: what the engine's group commit sends.
  writes = 0;
  const bulkUntil = Date.now() + RAW_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      while (Date.now() < bulkUntil) {
        const docs = Array.from({ length: 100 }, (_, i) => ({
          id: `bulk-${w}-${i}`,
          kind: 'raw',
          history,
          inbox: [],
          outbox: [],
        }));
        await store.upsertManyRaw(docs);
        writes += docs.length;
      }
    }),
  );
  return { single, bulk: writes / RAW_SECONDS };
}

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function listCompleted<T>(rpc: string, prefix: string): Promise<T[]> {
  const all: T[] = [];
  let token: string | null = null;
  do {
    const res: Response = await fetch(
      `${rpc}instances/?instanceIdPrefix=${prefix}&runtimeStatus=Completed&top=1000`,
      {
        headers: token ? { 'x-ms-continuation-token': token } : {},
      },
    );
    all.push(...(await json<T[]>(res)));
    token = res.headers.get('x-ms-continuation-token');
  } while (token);
  return all;
}

async function waitForCompleted<T>(
  rpc: string,
  prefix: string,
  count: number,
  timeoutMs: number,
): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = await listCompleted<T>(rpc, prefix);
    if (done.length >= count) return done;
    if (Date.now() > deadline) throw new Error(`only ${done.length}/${count} completed`);
    // Sparse: each poll lists every completed instance (host and store CPU that the workload being
    // measured competes with); completion times come from the outputs, not from the poll.
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function startMany(
  rpc: string,
  name: string,
  inputs: Array<{ id: string; input: unknown }>,
  concurrency: number,
): Promise<Map<string, number>> {
  const startedAt = new Map<string, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < inputs.length) {
        const item = inputs[next++] as { id: string; input: unknown };
        const t = Date.now();
        const res = await fetch(`${rpc}orchestrators/${name}/${item.id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(item.input),
        });
        if (res.status !== 202) throw new Error(`start ${item.id}: ${res.status}`);
        startedAt.set(item.id, t);
      }
    }),
  );
  return startedAt;
}

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  const cleanup = (): void => {
    // SIGINT lets the host stop cleanly (and write a profile when asked to).
    for (const c of children) if (c.exitCode === null) c.kill('SIGINT');
  };
  process.on('exit', () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  try {
    const standIns = await startProcess(
      'dist/devhost/standins/main.js',
      { STANDINS_COSMOS_PORT: '0', STANDINS_INBOX_PORT: '0', STANDINS_INBOX_ACCESS_KEY: 'bench' },
      /stand-ins ready (\{.*\})/,
      // e.g. BENCH_STANDINS_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the Cosmos DB stand-in
      (process.env['BENCH_STANDINS_NODE_ARGS'] ?? '').split(' ').filter(Boolean),
    );
    children.push(standIns.child);
    const { cosmosPort } = JSON.parse(standIns.line) as { cosmosPort: number };
    const endpoint = `http://127.0.0.1:${cosmosPort}`;

    const loadBefore = loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    const raw = await rawWriteRate(endpoint);

    const host = await startProcess(
      'dist/devhost/host.js',
      {
        DEVHOST_PORT: '0',
        DEVHOST_APP_ROOT: root,
        DEVHOST_APP_MAIN: 'dist/test/fixtures/durable-app/app.js',
        COSMOS_ENDPOINT: endpoint,
        COSMOS_KEY: COSMOS_EMULATOR_KEY,
        DEVHOST_DURABLE_HUB: `bench${Date.now().toString(36)}`,
        DEVHOST_LOG_LEVEL: 'warn',
        DEVHOST_MASTER_KEY: BENCH_KEY,
      },
      /^Functions:$/m,
      // e.g. BENCH_HOST_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the host
      (process.env['BENCH_HOST_NODE_ARGS'] ?? '').split(' ').filter(Boolean),
    );
    children.push(host.child);
    const hostOrigin = /Functions host listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(host.out)?.[1];
    if (!hostOrigin) throw new Error(`no host origin in:\n${host.out}`);
    const rpc = `${hostOrigin}/durabletask/`;

    // Warm-up: load code paths and the store's containers.
    await startMany(
      rpc,
      'sequence5',
      [
        { id: 'warm-0', input: 1 },
        { id: 'warm-1', input: 1 },
      ],
      2,
    );
    await waitForCompleted(rpc, 'warm-', 2, 30_000);

    // 1. Sequences.
    const seqInputs = Array.from({ length: SEQUENCES }, (_, i) => ({ id: `seq-${i}`, input: i }));
    const cpuBefore = { host: cpuMs(host.child), store: cpuMs(standIns.child) };
    const t0 = Date.now();
    const startedAt = await startMany(rpc, 'sequence5', seqInputs, SEQUENCES);
    type Seq = { instanceId: string; output: { n: number; finishedAt: number } };
    const seqDone = await waitForCompleted<Seq>(rpc, 'seq-', SEQUENCES, 120_000);
    const cpu = {
      host: (cpuMs(host.child) - cpuBefore.host) / SEQUENCES,
      store: (cpuMs(standIns.child) - cpuBefore.store) / SEQUENCES,
    };
    const lastFinish = Math.max(...seqDone.map((s) => s.output.finishedAt));
    const seqSeconds = (lastFinish - t0) / 1000;
    const latencies = seqDone.map((s) => s.output.finishedAt - (startedAt.get(s.instanceId) ?? t0));
    const wrong = seqDone.filter((s) => s.output.n !== Number(s.instanceId.slice(4)) * 32).length;
    const episodes = SEQUENCES * 6; // start + one per activity completion
    const episodeRate = episodes / seqSeconds;

    // 2. Timers due in the same second. Starting 1,000 instances takes a while on a busy machine, so
    // they are due an hour ahead on the host clock, which is then advanced to exactly that moment.
    const admin = { 'x-functions-key': BENCH_KEY, 'content-type': 'application/json' };
    const clockNow = (
      await json<{ now: number }>(await fetch(`${hostOrigin}/admin/clock`, { headers: admin }))
    ).now;
    const fireAt = clockNow + 3600_000;
    const timerInputs = Array.from({ length: TIMERS }, (_, i) => ({ id: `tmr-${i}`, input: { fireAt } }));
    await startMany(rpc, 'timerAt', timerInputs, 100);
    const current = (
      await json<{ now: number }>(await fetch(`${hostOrigin}/admin/clock`, { headers: admin }))
    ).now;
    await fetch(`${hostOrigin}/admin/clock/advance`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ ms: fireAt - current }),
    });
    type Tmr = { output: { fireAt: number; firedAt: number } };
    const timersDone = await waitForCompleted<Tmr>(rpc, 'tmr-', TIMERS, 120_000);
    const lateness = timersDone.map((t) => t.output.firedAt - t.output.fireAt);

    const lines = [
      `durable engine benchmark (${cpus().length} cores, Cosmos DB stand-in in its own process)`,
      `machine load average:        ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (before: ${loadBefore})`,
      `store raw write rate:        ${raw.single.toFixed(0)} writes/s (single upserts of ~2 KB, concurrency ${RAW_CONCURRENCY}); ` +
        `${raw.bulk.toFixed(0)} documents/s in bulk requests of 100`,
      `5-activity sequences:        ${SEQUENCES} started at once, ${seqSeconds.toFixed(2)} s -> ${(SEQUENCES / seqSeconds).toFixed(1)} orchestrations/s` +
        (wrong ? ` (${wrong} WRONG outputs)` : ''),
      `  start-to-finish latency:   p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`,
      `  orchestrator episodes:     ${episodeRate.toFixed(0)} episodes/s; episodes/s / raw writes/s = ${(episodeRate / raw.single).toFixed(2)}` +
        ` (/ raw bulk documents/s = ${(episodeRate / raw.bulk).toFixed(2)})`,
      // Includes the 200 start requests and the status polls until all were seen completed.
      `  CPU per orchestration:     host ${cpu.host.toFixed(1)} ms, Cosmos DB stand-in ${cpu.store.toFixed(1)} ms (starts and status polls included)`,
      `timers due at one instant:   ${TIMERS} timers (host clock advanced to their due time); lateness p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms, max ${Math.max(...lateness)} ms`,
    ];
    console.log(lines.join('\n'));
  } finally {
    cleanup();
    // Give them a moment to stop cleanly; whatever is left is killed on exit.
    await Promise.all(
      children.map((c) =>
        c.exitCode !== null || c.signalCode !== null
          ? Promise.resolve()
          : new Promise<void>((r) => {
              const t = setTimeout(r, 5000);
              c.once('exit', () => (clearTimeout(t), r()));
            }),
      ),
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
