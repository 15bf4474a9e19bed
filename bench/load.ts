/**
 * The load benchmark (`npm run bench`): the whole mix of the API against the local stack, with
 * autocannon, and ONE table: requests/s and p50/p99 per endpoint family, publishing pipelines
 * completed per minute, test drive expiry lateness, against two baselines measured in the same run
 * (a raw `@azure/cosmos` upsert on the same Cosmos DB stand-in, and an empty HTTP function through
 * the same host). How to read it: docs/benchmarks.md.
 *
 *   BENCH_DURATION=10 BENCH_MIX_DURATION=30 BENCH_CONNECTIONS=8 npm run bench
 *
 * Environment (defaults in brackets):
 *   BENCH_DURATION          seconds per family measured alone, and per baseline [10]
 *   BENCH_MIX_DURATION      seconds of the whole mix at once [30]
 *   BENCH_CONNECTIONS       connections per family alone (and per baseline); half of it per family in the mix [8]
 *   BENCH_PIPELINE_WORKERS  publishers submitting to live back to back [2]
 *   BENCH_EXPIRY_SESSIONS   test drive sessions of the expiry measurement (bench/testDriveExpiry.ts) [200]
 *   BENCH_CUSTOMERS         distinct customer tokens for test drive starts and contact requests [4000]
 *
 * Phases: setup (offers taken live through the API) -> baselines -> each family alone -> the whole
 * mix at once (every family plus the pipelines) -> expiry. Work a phase starts in the background
 * (provisioning test drives, delivering leads) runs on into the next phases: later phases measure a
 * busier host, as production would be.
 */
import type autocannon from 'autocannon';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { cannon, Recorder, type FamilyStats } from './support/cannon';
import { cpuNow, cpuPer, type CpuSample } from './support/cpu';
import {
  createBenchOffer,
  liveTestDriveOffer,
  publisherClient,
  publishToLive,
  type PublisherClient,
} from './support/benchOffers';
import { startBenchStack, type BenchStack } from './support/benchStack';
import { percentile } from './support/stats';
import { formatTable, num } from './support/table';
import { measureExpiryLateness, type ExpiryResult } from './testDriveExpiry';

const env = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const DURATION = env('BENCH_DURATION', 10);
const MIX_DURATION = env('BENCH_MIX_DURATION', 30);
const CONNECTIONS = Math.round(env('BENCH_CONNECTIONS', 8));
const MIX_CONNECTIONS = Math.max(1, Math.ceil(CONNECTIONS / 2));
const PIPELINE_WORKERS = Math.round(env('BENCH_PIPELINE_WORKERS', 2));
const EXPIRY_SESSIONS = Math.round(env('BENCH_EXPIRY_SESSIONS', 200));
const CUSTOMERS = Math.round(env('BENCH_CUSTOMERS', 4000));

type Baseline = 'empty function' | 'raw Cosmos upsert';

/** An endpoint family: autocannon requests for a number of connections. */
interface Family {
  name: string;
  endpoints: string;
  baseline: Baseline;
  requests(): autocannon.Request[];
}

interface Fixture {
  bench: BenchStack;
  publisher: PublisherClient;
  /** Live offers with a Dynamics 365 test drive (24 h sessions: the expiry phase does not end them). */
  listings: string[];
  offerIds: string[];
  /** Offers only the section writes touch, each with its current ETag. */
  writeOffers: { offerId: string; etag: string }[];
  /** Complete drafts the pipeline workers publish again and again. */
  pipelineOffers: string[];
  customers: { token: string; email: string }[];
}

async function setUp(bench: BenchStack, log: (l: string) => void): Promise<Fixture> {
  const label = `load${Date.now().toString(36)}`;
  const publisher = await publisherClient(bench, label);
  log('setup: 3 live test drive offers, section write offers, pipeline drafts, customer tokens');
  const offerIds = ['td-0', 'td-1', 'td-2'];
  const listings = await Promise.all(
    offerIds.map((id) =>
      liveTestDriveOffer(bench, publisher, id, { maxConcurrent: 1000, durationHours: 24 }),
    ),
  );
  // Two per connection: an offer whose answer never came (a timeout) is not handed out again.
  const writeOffers: Fixture['writeOffers'] = [];
  for (let i = 0; i < 2 * CONNECTIONS + 2; i++) {
    const offerId = `write-${i}`;
    const created = await publisher.call('POST', '/offers', { offerId, alias: `Bench writes ${i}` });
    if (created.status !== 201) throw new Error(`create ${offerId}: ${created.status}`);
    const read = await publisher.call('GET', `/offers/${offerId}/sections/properties`);
    writeOffers.push({ offerId, etag: read.headers.get('etag') ?? '' });
  }
  const pipelineOffers = Array.from({ length: PIPELINE_WORKERS }, (_, i) => `pipeline-${i}`);
  for (const offerId of pipelineOffers)
    await createBenchOffer(bench, publisher, offerId, { maxConcurrent: 5, durationHours: 24 });
  const customers = await Promise.all(
    Array.from({ length: CUSTOMERS }, (_, i) => bench.customerToken(`${label}-customer-${i}`)),
  );
  return { bench, publisher, listings, offerIds, writeOffers, pipelineOffers, customers };
}

/** A complete properties section value; `n` makes each write a change. */
function propertiesBody(n: number): Record<string, unknown> {
  return {
    categories: ['analytics', 'sales'],
    industries: [{ industry: 'retail-and-consumer-goods', verticals: ['retailers'] }],
    applicableProducts: ['sales', 'field-service'],
    appVersion: `1.0.${n % 60000}.0`,
    marketingOnlyChange: false,
    useStandardContract: true,
  };
}

function families(f: Fixture): Family[] {
  const auth = { authorization: `Bearer ${f.publisher.token}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const offer = (i: number) => f.offerIds[i % f.offerIds.length]!;
  const listing = (i: number) => f.listings[i % f.listings.length]!;
  let writes = 0;
  const free = [...f.writeOffers];
  let nextCustomerForDrive = 0;
  let nextCustomerForContact = 0;
  type WriteContext = { offer?: { offerId: string; etag: string } };
  return [
    {
      name: 'publisher reads',
      endpoints: 'GET offer, GET section',
      baseline: 'empty function',
      requests: () => [
        { method: 'GET', path: `/api/offers/${offer(0)}`, headers: auth },
        { method: 'GET', path: `/api/offers/${offer(1)}/sections/listing`, headers: auth },
      ],
    },
    {
      name: 'section writes (If-Match)',
      endpoints: 'PUT section, ETag chain per offer',
      baseline: 'raw Cosmos upsert',
      requests: () => [
        {
          method: 'PUT',
          setupRequest: (req, context) => {
            const target = free.shift();
            if (!target) throw new Error('more section writes in flight than offers');
            (context as WriteContext).offer = target;
            return {
              ...req,
              path: `/api/offers/${target.offerId}/sections/properties`,
              headers: { ...json, 'if-match': target.etag },
              body: JSON.stringify(propertiesBody(writes++)),
            };
          },
          onResponse: (_status, _body, context, headers) => {
            const target = (context as WriteContext).offer;
            if (!target) return;
            const h = headers as Record<string, string | undefined>;
            target.etag = h['etag'] ?? h['ETag'] ?? target.etag;
            free.push(target);
          },
        },
      ],
    },
    {
      name: 'offer list / review',
      endpoints: 'GET offers, GET review',
      baseline: 'empty function',
      requests: () => [
        { method: 'GET', path: '/api/offers', headers: auth },
        { method: 'GET', path: `/api/offers/${offer(2)}/review`, headers: auth },
      ],
    },
    {
      name: 'storefront reads',
      endpoints: 'GET storefront list, GET listing',
      baseline: 'empty function',
      requests: () => [
        { method: 'GET', path: '/api/storefront/offers' },
        { method: 'GET', path: `/api/storefront/offers/${listing(0)}` },
      ],
    },
    {
      name: 'contact requests / leads',
      endpoints: 'POST contact request, GET leads',
      baseline: 'raw Cosmos upsert',
      requests: () => [
        {
          method: 'POST',
          setupRequest: (req) => {
            const n = nextCustomerForContact++;
            const customer = f.customers[n % f.customers.length]!;
            return {
              ...req,
              path: `/api/storefront/offers/${listing(n)}/contact-requests`,
              headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
              body: JSON.stringify({
                firstName: 'Bench',
                lastName: 'Customer',
                email: customer.email,
                company: 'Bench Ltd',
                consent: true,
                message: 'Please call me about pricing.',
              }),
            };
          },
        },
        { method: 'GET', path: `/api/offers/${offer(0)}/leads?pageSize=20`, headers: auth },
      ],
    },
    {
      name: 'test drive starts',
      endpoints: 'POST test drive (a new customer each)',
      baseline: 'raw Cosmos upsert',
      requests: () => [
        {
          method: 'POST',
          setupRequest: (req) => {
            // Customers from the end of the pool, contact requests from the start: they rarely meet.
            const n = nextCustomerForDrive++;
            const customer = f.customers[f.customers.length - 1 - (n % f.customers.length)]!;
            return {
              ...req,
              path: `/api/storefront/offers/${listing(n)}/test-drives`,
              headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ company: 'Bench Ltd' }),
            };
          },
        },
      ],
    },
  ];
}

/** The publishing pipeline, back to back per worker: edit a section, submit, preview, Go-live, live. */
async function pipelines(
  f: Fixture,
  seconds: number,
  submissions: Recorder,
): Promise<{ completed: number; perMinute: number; durations: number[] }> {
  const t0 = performance.now();
  const stopAt = t0 + seconds * 1000;
  const durations: number[] = [];
  let lastDone = t0;
  let edits = 0;
  await Promise.all(
    f.pipelineOffers.map(async (offerId) => {
      while (performance.now() < stopAt) {
        const read = await f.publisher.call('GET', `/offers/${offerId}/sections/properties`);
        const saved = await f.publisher.call(
          'PUT',
          `/offers/${offerId}/sections/properties`,
          propertiesBody(++edits),
          {
            'if-match': read.headers.get('etag') ?? '',
          },
        );
        if (saved.status !== 200) throw new Error(`pipeline edit ${offerId}: ${saved.status}`);
        const start = performance.now();
        // The submission request itself is the "submissions" family (timed by a wrapper client).
        await publishToLive(timedSubmissions(f.publisher, submissions), offerId, 500);
        const end = performance.now();
        durations.push(end - start);
        lastDone = end;
      }
    }),
  );
  const minutes = (lastDone - t0) / 60_000;
  return { completed: durations.length, perMinute: durations.length / minutes, durations };
}

/** The publisher client, recording the latency of `POST .../submissions` into `recorder`. */
function timedSubmissions(as: PublisherClient, recorder: Recorder): PublisherClient {
  return {
    ...as,
    call: async (method, path, body, headers) => {
      const timed = method === 'POST' && path.endsWith('/submissions');
      const t = performance.now();
      const answer = await as.call(method, path, body, headers);
      if (timed) recorder.record(answer.status, performance.now() - t);
      return answer;
    },
  } as PublisherClient;
}

/** The empty function: the host, the invocation model and HTTP, nothing else. */
function emptyFunction(bench: BenchStack, connections: number, seconds: number): Promise<FamilyStats> {
  return cannon({
    url: bench.host,
    connections,
    durationSeconds: seconds,
    requests: [{ method: 'GET', path: '/api/bench/empty' }],
  });
}

/**
 * Raw upserts of a stored section document (the size the API writes) into the same container of
 * the same stand-in, from this process, `connections` at a time.
 */
async function rawCosmosWrite(f: Fixture, connections: number, seconds: number): Promise<FamilyStats> {
  const container = f.bench.cosmos.database(f.bench.database).container('offers');
  const target = f.writeOffers[0]!.offerId;
  const { resource } = await container
    .item(`section:${target}:properties`, f.publisher.accountId)
    .read<Record<string, unknown>>();
  if (!resource) throw new Error('no stored section to copy');
  const { _rid, _self, _etag, _attachments, _ts, ...document } = resource;
  const recorder = new Recorder();
  const stopAt = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      for (let i = 0; performance.now() < stopAt; i++) {
        const t = performance.now();
        try {
          const res = await container.items.upsert({
            ...document,
            id: `rawbench:${w}:${i % 50}`,
            value: propertiesBody(i),
          });
          recorder.record(res.statusCode, performance.now() - t);
        } catch {
          recorder.error();
        }
      }
    }),
  );
  recorder.end();
  return recorder.stats();
}

/** Requests per second: one decimal below 10 (a family doing 2.4/s is not 2). */
function rate(rps: number | undefined): string {
  return num(rps, rps !== undefined && rps < 10 ? 1 : 0);
}

/** 1-minute load average every 2 s while the benchmark runs. */
function sampleLoad(): { stop(): { min: number; mean: number; max: number } } {
  const samples: number[] = [loadavg()[0]!];
  const timer = setInterval(() => samples.push(loadavg()[0]!), 2000);
  return {
    stop: () => {
      clearInterval(timer);
      return {
        min: Math.min(...samples),
        mean: samples.reduce((s, v) => s + v, 0) / samples.length,
        max: Math.max(...samples),
      };
    },
  };
}

function machine(): string {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown CPU';
  let cores = '?';
  try {
    cores = execSync('nproc').toString().trim();
  } catch {
    // not Linux: leave unknown
  }
  return `${cores} cores (nproc), ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;
}

/** `work`'s stats with the CPU time per answer of the host and the stand-ins process. */
async function withCpu(bench: BenchStack, work: () => Promise<FamilyStats>): Promise<Measured> {
  const before = cpuNow(bench);
  const stats = await work();
  return { ...stats, cpu: cpuPer(before, cpuNow(bench), Math.max(1, stats.responses)) };
}

type Measured = FamilyStats & { cpu?: CpuSample };

/** The commit measured, and whether the working tree differed from it (then dist/ did too). */
function revision(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return dirty ? `${head} + uncommitted changes in ${dirty.split('\n').length} tracked file(s)` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

interface Row {
  family: string;
  endpoints: string;
  alone: Measured;
  baseline?: Baseline;
  mix?: FamilyStats;
}

type Pipelines = Awaited<ReturnType<typeof pipelines>> & { cpu?: CpuSample };

export function resultTable(
  rows: Row[],
  baselines: Record<Baseline, Measured>,
  pipes: { alone: Pipelines; mix: Pipelines },
  expiry: ExpiryResult,
): string {
  const headers = [
    'family',
    'endpoints',
    'req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx',
    'host CPU ms',
    'stand-ins CPU ms',
    'baseline',
    'p50 × base',
    'req/s × base',
    'mix req/s',
    'mix p50 ms',
    'mix p99 ms',
    'mix non-2xx',
  ];
  const cpu = (c: CpuSample | undefined): string[] => [num(c?.host, 1), num(c?.standIns, 1)];
  const none = (n: number): string[] => Array.from({ length: n }, () => '-');
  const cells: string[][] = [];
  for (const [name, b] of Object.entries(baselines)) {
    cells.push([
      `baseline: ${name}`,
      name === 'empty function' ? 'GET /api/bench/empty' : 'upsert, section-sized',
      rate(b.rps),
      num(b.p50, 2),
      num(b.p99, 2),
      num(b.non2xx + b.errors),
      ...cpu(b.cpu),
      '-',
      '1.00',
      '1.00',
      ...none(4),
    ]);
  }
  for (const r of rows) {
    const base = r.baseline ? baselines[r.baseline] : undefined;
    cells.push([
      r.family,
      r.endpoints,
      rate(r.alone.rps),
      num(r.alone.p50, 1),
      num(r.alone.p99, 1),
      num(r.alone.non2xx + r.alone.errors),
      ...cpu(r.alone.cpu),
      r.baseline ?? '-',
      base ? num(r.alone.p50 / base.p50, 1) : '-',
      base ? num(r.alone.rps / base.rps, 2) : '-',
      rate(r.mix?.rps),
      num(r.mix?.p50, 1),
      num(r.mix?.p99, 1),
      r.mix ? num(r.mix.non2xx + r.mix.errors) : '-',
    ]);
  }
  cells.push([
    'pipelines (submit to live)',
    'per minute; p50/p99, CPU: one pipeline',
    `${num(pipes.alone.perMinute, 1)}/min`,
    num(percentile(pipes.alone.durations, 50)),
    num(percentile(pipes.alone.durations, 99)),
    '-',
    ...cpu(pipes.alone.cpu),
    ...none(3),
    `${num(pipes.mix.perMinute, 1)}/min`,
    num(percentile(pipes.mix.durations, 50)),
    num(percentile(pipes.mix.durations, 99)),
    '-',
  ]);
  cells.push([
    'test drive expiry lateness',
    `${expiry.sessions} sessions due within ${num(expiry.dueSpreadMs / 1000, 1)} s; deprovisioned vs due; CPU per session end`,
    '-',
    num(expiry.deprovisioned.p50),
    num(expiry.deprovisioned.p99),
    '-',
    ...cpu(expiry.cpuMsPerEnd),
    ...none(7),
  ]);
  return formatTable(headers, cells);
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const log = (line: string): void =>
    console.error(`[${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const load = sampleLoad();
  const measured = revision();
  const bench = await startBenchStack();
  try {
    const f = await setUp(bench, log);
    const list = families(f);

    log(`baselines: empty function, raw Cosmos upsert (${CONNECTIONS} connections, ${DURATION} s each)`);
    // Warm-up (JIT, connection pools, JWKS cache): a few seconds of each, not recorded.
    await emptyFunction(bench, CONNECTIONS, 2);
    await rawCosmosWrite(f, CONNECTIONS, 2);
    for (const family of list)
      await cannon({ url: bench.host, connections: 1, durationSeconds: 1, requests: family.requests() });
    const baselines: Record<Baseline, Measured> = {
      'empty function': await withCpu(bench, () => emptyFunction(bench, CONNECTIONS, DURATION)),
      'raw Cosmos upsert': await withCpu(bench, () => rawCosmosWrite(f, CONNECTIONS, DURATION)),
    };

    const rows: Row[] = [];
    for (const family of list) {
      log(`alone: ${family.name} (${CONNECTIONS} connections, ${DURATION} s)`);
      rows.push({
        family: family.name,
        endpoints: family.endpoints,
        baseline: family.baseline,
        alone: await withCpu(bench, () =>
          cannon({
            url: bench.host,
            connections: CONNECTIONS,
            durationSeconds: DURATION,
            requests: family.requests(),
          }),
        ),
      });
    }
    log(`alone: pipelines (${PIPELINE_WORKERS} publishers, new pipelines for ${2 * DURATION} s)`);
    const submissionsAlone = new Recorder();
    const pipelinesCpu = cpuNow(bench);
    const pipesAlone: Pipelines = await pipelines(f, 2 * DURATION, submissionsAlone);
    // Per pipeline: its requests, polls, orchestration, activities and the stand-ins' work.
    pipesAlone.cpu = cpuPer(pipelinesCpu, cpuNow(bench), Math.max(1, pipesAlone.completed));
    submissionsAlone.end();

    log(
      `mix: every family at once (${MIX_CONNECTIONS} connections each) and ${PIPELINE_WORKERS} publishers, ${MIX_DURATION} s`,
    );
    const submissionsMix = new Recorder();
    const [mixStats, pipesMix] = await Promise.all([
      Promise.all(
        list.map((family) =>
          cannon({
            url: bench.host,
            connections: MIX_CONNECTIONS,
            durationSeconds: MIX_DURATION,
            requests: family.requests(),
          }),
        ),
      ),
      pipelines(f, MIX_DURATION, submissionsMix),
    ]);
    submissionsMix.end();
    mixStats.forEach((s, i) => (rows[i]!.mix = s));
    rows.push({
      family: 'submissions',
      endpoints: 'POST submission (inside the pipelines)',
      baseline: 'raw Cosmos upsert',
      alone: submissionsAlone.stats(),
      mix: submissionsMix.stats(),
    });

    log(`expiry: ${EXPIRY_SESSIONS} test drive sessions due within one minute`);
    const expiry = await measureExpiryLateness(bench, { sessions: EXPIRY_SESSIONS, log });
    const loadDuring = load.stop();

    const statuses = rows.map(
      (r) =>
        `${r.family}: ${JSON.stringify(r.alone.statuses)}${r.mix ? ` / mix ${JSON.stringify(r.mix.statuses)}` : ''}`,
    );
    console.log(
      `npm run bench  (${startedAt.toISOString()}, ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min)`,
    );
    console.log(`machine: ${machine()}`);
    console.log(`code: ${measured}`);
    console.log(
      `load average (1 min) during the run: min ${loadDuring.min.toFixed(1)}, mean ${loadDuring.mean.toFixed(1)}, max ${loadDuring.max.toFixed(1)}`,
    );
    console.log(
      `settings: BENCH_DURATION=${DURATION} BENCH_MIX_DURATION=${MIX_DURATION} BENCH_CONNECTIONS=${CONNECTIONS} (mix: ${MIX_CONNECTIONS} per family) ` +
        `BENCH_PIPELINE_WORKERS=${PIPELINE_WORKERS} BENCH_EXPIRY_SESSIONS=${EXPIRY_SESSIONS} BENCH_CUSTOMERS=${CUSTOMERS}`,
    );
    console.log('');
    console.log(resultTable(rows, baselines, { alone: pipesAlone, mix: pipesMix }, expiry));
    console.log('');
    console.log(
      `expiry detail: deprovisioned late p50 ${num(expiry.deprovisioned.p50)} / p99 ${num(expiry.deprovisioned.p99)} / max ${num(expiry.deprovisioned.max)} ms; ` +
        `document ended late p50 ${num(expiry.documentEnded.p50)} / p99 ${num(expiry.documentEnded.p99)} / max ${num(expiry.documentEnded.max)} ms; ` +
        `${Object.entries(expiry.endReasons)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}; ` +
        `CPU per ended session: host ${num(expiry.cpuMsPerEnd.host, 1)} ms, Cosmos DB stand-in process ${num(expiry.cpuMsPerEnd.standIns, 1)} ms`,
    );
    console.log(`pipelines: ${pipesAlone.completed} alone, ${pipesMix.completed} in the mix`);
    console.log(`status codes (alone / mix): ${statuses.join('; ')}`);
  } finally {
    load.stop();
    await bench.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
