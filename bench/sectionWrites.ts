/**
 * Section writes through the API against a raw `@azure/cosmos` upsert of the same document, in one
 * run on one machine: p50/p99 latency, throughput and the API/raw ratio of the p50s, at each
 * concurrency level (1 isolates the latency a request adds; 8 is bound by throughput), and the CPU
 * time each process spends per write (host, Cosmos DB stand-in, this client), which unlike
 * wall-clock figures does not move with other processes' load on a shared machine.
 *
 *   npm run bench:authoring -- [--requests 600] [--concurrency 1,8] [--rounds 5]
 *
 * Starts its own stack (Cosmos DB stand-in, Azurite, inbox, Functions host) on ephemeral ports.
 * Each worker owns one offer and chains its writes (each PUT sends the ETag of the previous one),
 * as a publisher saving a section repeatedly would. The raw side upserts, from this process, the
 * very section document the API stored, with the same concurrency. The two sides alternate in
 * rounds so drift (GC, JIT, the stand-in's growing data) is shared.
 *
 * A third side, the floor, sends the same document over HTTP to a bench-only function of the
 * same host that upserts it with the app's client and nothing else (bench/app/benchUpsert.ts):
 * floor/raw is the least any HTTP API here can add to the raw upsert, API/floor what the product's
 * section write (sign-in, validation, ETag, history, response) adds to that.
 * DEVHOST_HOST_NODE_ARGS="--cpu-prof --cpu-prof-dir=<dir>" profiles the host (devhost/stack.ts).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CosmosClient, type Container } from '@azure/cosmos';
import { loadLocalIssuerKey, mintLocalToken } from '../devhost/localIssuerKey';
import { findProjectRoot, startStack } from '../devhost/stack';
import { BENCH_HOST_SETTINGS } from './support/benchStack';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '600' },
    concurrency: { type: 'string', default: '1,8' },
    rounds: { type: 'string', default: '5' },
  },
});
const totalRequests = Number(values.requests);
const levels = values.concurrency.split(',').map(Number);
const rounds = Number(values.rounds);
const accountId = `bench-${Date.now().toString(36)}`;
if (levels.some((c) => !Number.isInteger(c) || c < 1))
  throw new Error('--concurrency: positive integers, e.g. 1,8');

/** A complete properties section: a typical small section (~300 bytes). */
function propertiesBody(i: number): Record<string, unknown> {
  return {
    categories: ['analytics', 'sales'],
    industries: [{ industry: 'retail-and-consumer-goods', verticals: ['retailers'] }],
    applicableProducts: ['sales', 'field-service'],
    appVersion: `1.0.${i}.0`,
    marketingOnlyChange: false,
    useStandardContract: true,
  };
}

interface Worker {
  offerId: string;
  etag: string;
  /** The stored section document, as the raw side upserts it. */
  document: Record<string, unknown>;
}

/** One side's figures at one concurrency level. */
interface Side {
  latencies: number[];
  elapsedMs: number;
  cpu: CpuTotals;
}

interface CpuTotals {
  host: number;
  store: number;
  client: number;
}

async function main(): Promise<void> {
  const stateDir = await mkdtemp(join(tmpdir(), 'bench-authoring-'));
  const stack = await startStack({ stateDir, hostEnv: { DEVHOST_APP_MAIN: BENCH_HOST_SETTINGS.DEVHOST_APP_MAIN! } });
  try {
    const host = stack.info.urls.host;
    const key = await loadLocalIssuerKey(findProjectRoot());
    const token = await mintLocalToken(key, { accountId, userId: 'bench', expiresInSeconds: 3600 });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const settings = stack.info.appSettings;
    const client = new CosmosClient({
      endpoint: settings.COSMOS_ENDPOINT!,
      key: settings.COSMOS_KEY!,
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    const cpu = (): CpuTotals => {
      const own = process.cpuUsage();
      return {
        host: processCpuMs(stack.info.pids.host),
        store: processCpuMs(stack.info.pids.standIns),
        client: (own.user + own.system) / 1000,
      };
    };

    const workers: Worker[] = [];
    for (let w = 0; w < Math.max(...levels); w++) {
      const offerId = `bench-${w}`;
      const created = await fetch(`${host}/api/offers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ offerId, alias: `Bench ${w}` }),
      });
      if (created.status !== 201)
        throw new Error(`create ${offerId}: ${created.status} ${await created.text()}`);
      const read = await fetch(`${host}/api/offers/${offerId}/sections/properties`, { headers });
      workers.push({ offerId, etag: read.headers.get('etag')!, document: {} });
    }
    const offers = client.database(settings.COSMOS_DATABASE ?? 'marketplace').container('offers');

    /** The raw upserts change the documents: give the API side their current ETags back. */
    const refreshEtags = async (): Promise<void> => {
      for (const worker of workers) {
        const read = await fetch(`${host}/api/offers/${worker.offerId}/sections/properties`, { headers });
        await read.arrayBuffer();
        worker.etag = read.headers.get('etag')!;
      }
    };
    let counter = 0;
    const apiWrite = async (worker: Worker): Promise<void> => {
      const res = await fetch(`${host}/api/offers/${worker.offerId}/sections/properties`, {
        method: 'PUT',
        headers: { ...headers, 'if-match': worker.etag },
        body: JSON.stringify(propertiesBody(counter++)),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`PUT ${worker.offerId}: ${res.status}`);
      worker.etag = res.headers.get('etag')!;
    };
    const rawWrite = async (worker: Worker): Promise<void> => {
      const document = { ...worker.document, value: propertiesBody(counter++) };
      await offers.items.upsert(document);
    };
    const floorWrite = async (worker: Worker): Promise<void> => {
      const res = await fetch(`${host}/api/bench/upsert`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...worker.document, value: propertiesBody(counter++) }),
      });
      await res.arrayBuffer();
      if (res.status !== 204) throw new Error(`floor PUT ${worker.offerId}: ${res.status}`);
    };
    const takeDocuments = async (): Promise<void> => {
      for (const worker of workers) worker.document = await storedSection(offers, worker.offerId);
    };

    // Warm up both paths (JIT, connection pools, JWKS and token caches), then take the stored documents.
    await runRound(workers, 20 * workers.length, apiWrite, cpu);
    await takeDocuments();
    await runRound(workers, 20 * workers.length, rawWrite, cpu);
    await runRound(workers, 20 * workers.length, floorWrite, cpu);
    await refreshEtags();

    const load = [loadavg()[0]!];
    const results: { concurrency: number; api: Side; floor: Side; raw: Side }[] = [];
    for (const concurrency of levels) {
      const active = workers.slice(0, concurrency);
      const api: Side = { latencies: [], elapsedMs: 0, cpu: { host: 0, store: 0, client: 0 } };
      const raw: Side = { latencies: [], elapsedMs: 0, cpu: { host: 0, store: 0, client: 0 } };
      const floor: Side = { latencies: [], elapsedMs: 0, cpu: { host: 0, store: 0, client: 0 } };
      const perRound = Math.ceil(totalRequests / rounds);
      for (let r = 0; r < rounds; r++) {
        add(api, await runRound(active, perRound, apiWrite, cpu));
        // The raw side writes the document the API just stored (same size, same fields).
        await takeDocuments();
        add(raw, await runRound(active, perRound, rawWrite, cpu));
        add(floor, await runRound(active, perRound, floorWrite, cpu));
        await refreshEtags();
      }
      results.push({ concurrency, api, floor, raw });
      load.push(loadavg()[0]!);
    }

    console.log(
      `section writes: ${totalRequests} per side and level, ${rounds} alternating rounds; ${cpus().length} cores, ` +
        `load average ${load.map((l) => l.toFixed(1)).join(' -> ')} (wall-clock figures move with other load; CPU per write does not)`,
    );
    console.log(
      `document: ${JSON.stringify(workers[0]!.document).length} bytes (section document with a complete properties value)`,
    );
    const table: Record<string, ReturnType<typeof stats>> = {};
    for (const { concurrency, api, floor, raw } of results) {
      table[`c=${concurrency} API PUT (HTTP + JWT + validation + batch of section and history)`] = stats(api);
      table[`c=${concurrency} floor: HTTP to the host + the same upsert there`] = stats(floor);
      table[`c=${concurrency} raw @azure/cosmos upsert`] = stats(raw);
    }
    console.table(table);
    const summary = results.map(({ concurrency, api, floor, raw }) => {
      const ratio = stats(api).p50 / stats(raw).p50;
      const floorRatio = stats(floor).p50 / stats(raw).p50;
      const overFloor = stats(api).p50 / stats(floor).p50;
      console.log(
        `concurrency ${concurrency}: p50 ratio API/raw ${ratio.toFixed(2)} (API adds ${((ratio - 1) * 100).toFixed(0)}% ` +
          `to the raw upsert p50; target <= 30%: ${ratio <= 1.3 ? 'met' : 'NOT met'}); floor/raw ${floorRatio.toFixed(2)} ` +
          `(the least an HTTP API in this host adds: ${((floorRatio - 1) * 100).toFixed(0)}%); API/floor ${overFloor.toFixed(2)}; ` +
          `host CPU ${perWrite(api, 'host').toFixed(2)} ms per write (floor ${perWrite(floor, 'host').toFixed(2)})`,
      );
      return {
        concurrency,
        api: stats(api),
        floor: stats(floor),
        raw: stats(raw),
        p50Ratio: Number(ratio.toFixed(3)),
        floorP50Ratio: Number(floorRatio.toFixed(3)),
        apiOverFloorP50Ratio: Number(overFloor.toFixed(3)),
      };
    });
    console.log(JSON.stringify({ requests: totalRequests, loadAverage: load, results: summary }));
  } finally {
    await stack.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

function add(side: Side, round: Side): void {
  side.latencies.push(...round.latencies);
  side.elapsedMs += round.elapsedMs;
  side.cpu.host += round.cpu.host;
  side.cpu.store += round.cpu.store;
  side.cpu.client += round.cpu.client;
}

function perWrite(side: Side, process: keyof CpuTotals): number {
  return side.cpu[process] / side.latencies.length;
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux; NaN elsewhere).
 * Clock ticks of 10 ms: the per-write figure is exact only over hundreds of writes.
 */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

async function storedSection(offers: Container, offerId: string): Promise<Record<string, unknown>> {
  const { resource } = await offers
    .item(`section:${offerId}:properties`, accountId)
    .read<Record<string, unknown>>();
  if (!resource) throw new Error(`no stored section for ${offerId}`);
  const { _rid, _self, _etag, _attachments, _ts, ...document } = resource;
  return document;
}

/** `count` writes spread over the workers, each worker writing sequentially (its ETag chain). */
async function runRound(
  workers: Worker[],
  count: number,
  write: (worker: Worker) => Promise<void>,
  cpu: () => CpuTotals,
): Promise<Side> {
  const latencies: number[] = [];
  let remaining = count;
  const cpuBefore = cpu();
  const start = performance.now();
  await Promise.all(
    workers.map(async (worker) => {
      while (remaining > 0) {
        remaining--;
        const t0 = performance.now();
        await write(worker);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  const cpuAfter = cpu();
  return {
    latencies,
    elapsedMs,
    cpu: {
      host: cpuAfter.host - cpuBefore.host,
      store: cpuAfter.store - cpuBefore.store,
      client: cpuAfter.client - cpuBefore.client,
    },
  };
}

function stats(side: Side) {
  const sorted = [...side.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((s, v) => s + v, 0) / sorted.length),
    'req/s': Math.round((sorted.length / side.elapsedMs) * 1000),
    'host CPU ms/write': round(perWrite(side, 'host')),
    'stand-in CPU ms/write': round(perWrite(side, 'store')),
    'client CPU ms/write': round(perWrite(side, 'client')),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
