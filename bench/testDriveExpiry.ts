/**
 * How late test drive sessions end after their expiry (`npm run bench:testdrive-expiry`).
 *
 *   BENCH_EXPIRY_SESSIONS=1000 BENCH_EXPIRY_CONCURRENCY=16 npm run bench:testdrive-expiry
 *
 * Through the real host: N customers (each with their own token) start Dynamics 365 test drives
 * over HTTP on live offers (taken live through the publishing pipeline; capacity 1,000 per offer,
 * at most 500 sessions per offer, duration 1 hour). Once every session is active, the host clock
 * is moved so that every session's end (`endsAt`, set when access was given) comes within the same
 * minute of real time: one jump to 2 s before the first end, then, when the starts took longer
 * than that minute (their ends spread over as long), the clock runs faster than real time in
 * small steps until the last end has passed (bench/support/clockSweep.ts): the ends arrive within
 * 55 s, spread as the starts were. Nothing else ends the sessions: only each one's durable timer.
 *
 * "Late" is measured per session in real milliseconds, from the real moment the host clock
 * passed its `endsAt` (due), and reported twice:
 *  - deprovisioned: when the Dataverse stand-in answered the PATCH that disabled the session's user
 *    (this process's clock): the customer's access is gone then;
 *  - document ended: the session document's `endedAt` (orchestration time of the episode after
 *    deprovisioning succeeded, mapped back to real time; the document turns `ended` with it, after
 *    the slot is freed and the "ended" e-mail sent).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { liveTestDriveOffer, publisherClient } from './support/benchOffers';
import { startBenchStack, type BenchStack } from './support/benchStack';
import { sweepHostClock } from './support/clockSweep';
import { cpuNow, cpuPer } from './support/cpu';
import { inParallel, spread, type Spread } from './support/stats';

export interface ExpiryOptions {
  sessions: number;
  /** Start requests in flight at once. */
  concurrency?: number;
  /** Label of the account and offers (unique per run). */
  label?: string;
  /** Real time the ends are spread over at most (default 55 s: within one minute). */
  dueWithinMs?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface ExpiryResult {
  sessions: number;
  offers: number;
  /** Start requests answered 503 or 429 and asked again after Retry-After. */
  startRetries: number;
  /** Wall time to start every session over HTTP, and until every one was active. */
  startSeconds: number;
  activeSeconds: number;
  /** Real time between the first and the last session becoming due (<= 60 s by design). */
  dueSpreadMs: number;
  /** How many times faster than real time the host clock ran while the sessions became due. */
  clockSpeed: number;
  /** Late by, ms: deprovisioned at the stand-in, and the session document's endedAt. */
  deprovisioned: Spread;
  documentEnded: Spread;
  /** How the sessions ended (all `expired` when nothing else interfered). */
  endReasons: Record<string, number>;
  /** Wall time from the first clock move until the last session was ended. */
  drainSeconds: number;
  /**
   * CPU time per ended session (ms) from the first clock move until the last one ended, per process: the host,
   * the stand-ins process (Cosmos DB, inbox) and this one (the external stand-ins, polling). Unlike
   * lateness it hardly depends on what else the machine runs.
   */
  cpuMsPerEnd: { host: number; standIns: number; bench: number };
}

interface SessionRow {
  sessionId: string;
  listingId: string;
  status: string;
  endsAt?: string;
  endedAt?: string;
  endReason?: string;
}

const SESSIONS_PER_OFFER = 500;
const DURATION_HOURS = 1;

/**
 * Starts `sessions` test drives on a running bench stack, makes them all due within one minute
 * and measures how late each one ends. Used by this script (1,000 sessions) and by `npm run bench`
 * (fewer).
 */
export async function measureExpiryLateness(
  bench: BenchStack,
  options: ExpiryOptions,
): Promise<ExpiryResult> {
  const log = options.log ?? (() => undefined);
  const label = options.label ?? `tdx${Date.now().toString(36)}`;
  const concurrency = options.concurrency ?? 16;
  const offers = Math.max(1, Math.ceil(options.sessions / SESSIONS_PER_OFFER));

  // When the Dataverse stand-in disabled each user (real time, this process).
  const disabledAt = new Map<string, number>();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const id =
      req.method === 'PATCH'
        ? /systemusers\(([0-9a-fA-F-]{36})\)$/.exec(req.url ?? '')?.[1]?.toLowerCase()
        : undefined;
    if (id)
      res.once('finish', () => res.statusCode < 300 && !disabledAt.has(id) && disabledAt.set(id, Date.now()));
  };
  bench.standIns.dataverse.server.prependListener('request', onRequest);
  try {
    const as = await publisherClient(bench, label);
    log(`expiry: publishing ${offers} offer(s)`);
    const listings = await Promise.all(
      Array.from({ length: offers }, (_, i) =>
        liveTestDriveOffer(bench, as, `expiry-${i}`, { maxConcurrent: 1000, durationHours: DURATION_HOURS }),
      ),
    );

    const customers = await Promise.all(
      Array.from({ length: options.sessions }, (_, i) => bench.customerToken(`${label}-c${i}`)),
    );
    log(`expiry: starting ${options.sessions} test drives over HTTP (${concurrency} at once)`);
    const t0 = performance.now();
    const refused: string[] = [];
    const retried: number[] = [];
    await inParallel(options.sessions, concurrency, async (i) => {
      const listingId = listings[i % offers]!;
      // As a client would: a 503 or 429 with Retry-After is asked again (counted), anything else fails.
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${bench.host}/api/storefront/offers/${listingId}/test-drives`, {
          method: 'POST',
          headers: { authorization: `Bearer ${customers[i]!.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ company: 'Bench Ltd' }),
        });
        const text = await res.text();
        // After a retry, 409 testDriveAlreadyActive: the first attempt did start it (answer lost).
        if (res.status === 202 || (res.status === 409 && attempt > 1)) return;
        if ((res.status === 503 || res.status === 429) && attempt < 5) {
          retried.push(res.status);
          const wait = Math.min(5, Number(res.headers.get('retry-after') ?? 1) || 1);
          await new Promise((r) => setTimeout(r, wait * 1000));
          continue;
        }
        refused.push(`${res.status} ${text.slice(0, 200)}`);
        return;
      }
    });
    const startSeconds = (performance.now() - t0) / 1000;
    if (refused.length) throw new Error(`${refused.length} starts refused, e.g. ${refused[0]}`);

    const readAll = () => readSessions(bench, listings);
    let rows = await until(
      readAll,
      (r) => r.length === options.sessions && r.every((s) => s.status === 'active' && s.endsAt),
      600_000,
      'every session active',
    );
    const activeSeconds = (performance.now() - t0) / 1000;
    log(`expiry: all active after ${activeSeconds.toFixed(1)} s; moving the host clock`);

    const endsAt = rows.map((s) => Date.parse(s.endsAt!));
    const first = Math.min(...endsAt);
    const last = Math.max(...endsAt);
    const cpuBefore = cpuNow(bench);
    const sweepReal = performance.now();
    // The first session is due 2 s after the jump; the rest follow within 55 s, spread as their
    // starts were (the host clock runs faster than real time when the starts took longer).
    const sweep = await sweepHostClock(bench, {
      first,
      last,
      windowMs: options.dueWithinMs ?? 55_000,
      leadMs: 2000,
    });
    const due = new Map(rows.map((s) => [s.sessionId, sweep.hostToReal(Date.parse(s.endsAt!))]));
    const dues = [...due.values()];
    const dueSpreadMs = Math.max(...dues) - Math.min(...dues);

    rows = await until(
      readAll,
      (r) => r.every((s) => s.status === 'ended' || s.status === 'failed'),
      900_000,
      'every session ended',
    );
    const drainSeconds = (performance.now() - sweepReal) / 1000;
    const cpuAfter = cpuNow(bench);
    const cpuMsPerEnd = cpuPer(cpuBefore, cpuAfter, rows.length);

    const sessionOfUser = new Map(
      bench.standIns.dataverse.users().map((u) => [u.systemuserid.toLowerCase(), u.domainname]),
    );
    const userDisabled = new Map<string, number>();
    for (const [userId, at] of disabledAt) {
      const domain = sessionOfUser.get(userId);
      if (domain) userDisabled.set(domain, at);
    }
    const deprovisionedLate: number[] = [];
    const documentLate: number[] = [];
    const endReasons: Record<string, number> = {};
    for (const s of rows) {
      const dueAt = due.get(s.sessionId)!;
      endReasons[s.endReason ?? s.status] = (endReasons[s.endReason ?? s.status] ?? 0) + 1;
      if (s.endedAt) documentLate.push(sweep.hostToReal(Date.parse(s.endedAt)) - dueAt);
      const prefix = `testdrive-${s.sessionId
        .replace(/[^A-Za-z0-9-]/g, '')
        .toLowerCase()
        .slice(0, 40)}@`;
      const disabled = [...userDisabled].find(([domain]) => domain.startsWith(prefix))?.[1];
      if (disabled !== undefined) deprovisionedLate.push(disabled - dueAt);
    }
    if (deprovisionedLate.length !== rows.length)
      throw new Error(
        `only ${deprovisionedLate.length}/${rows.length} users were seen disabled at the Dataverse stand-in`,
      );
    return {
      sessions: rows.length,
      offers,
      startRetries: retried.length,
      startSeconds,
      activeSeconds,
      dueSpreadMs,
      clockSpeed: sweep.speed,
      deprovisioned: spread(deprovisionedLate),
      documentEnded: spread(documentLate),
      endReasons,
      drainSeconds,
      cpuMsPerEnd,
    };
  } finally {
    bench.standIns.dataverse.server.removeListener('request', onRequest);
  }
}

async function readSessions(bench: BenchStack, listings: string[]): Promise<SessionRow[]> {
  const container = bench.cosmos.database(bench.database).container('testDrives');
  const all: SessionRow[] = [];
  for (const listingId of listings) {
    // The stand-in ignores the partition key on queries: filter by listing explicitly.
    const { resources } = await container.items
      .query<SessionRow>(
        {
          query:
            "SELECT c.sessionId, c.listingId, c.status, c.endsAt, c.endedAt, c.endReason FROM c WHERE c.kind = 'session' AND c.listingId = @l",
          parameters: [{ name: '@l', value: listingId }],
        },
        { partitionKey: listingId },
      )
      .fetchAll();
    all.push(...resources);
  }
  return all;
}

async function until<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
    // Sparse polling: each poll reads every session (stand-in CPU the measured work competes with).
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** One printable line per figure. */
export function describeExpiry(r: ExpiryResult): string[] {
  const ms = (s: Spread) => `p50 ${r0(s.p50)} ms, p99 ${r0(s.p99)} ms, max ${r0(s.max)} ms`;
  return [
    `sessions:               ${r.sessions} on ${r.offers} offer(s), all started over HTTP in ${r.startSeconds.toFixed(1)} s (${r.startRetries} asked again after a 503/429), all active after ${r.activeSeconds.toFixed(1)} s`,
    `due within:             ${(r.dueSpreadMs / 1000).toFixed(1)} s of real time (host clock run ${r.clockSpeed.toFixed(1)}x faster than real time meanwhile)`,
    `late, deprovisioned:    ${ms(r.deprovisioned)} (Dataverse stand-in disabled the user, vs due)`,
    `late, document ended:   ${ms(r.documentEnded)} (session endedAt, vs due)`,
    `ended:                  ${Object.entries(r.endReasons)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}; the last one ${r.drainSeconds.toFixed(1)} s after the first clock move`,
    `CPU per ended session:  host ${r.cpuMsPerEnd.host.toFixed(1)} ms, Cosmos DB/inbox stand-ins ${r.cpuMsPerEnd.standIns.toFixed(1)} ms, external stand-ins + polling ${r.cpuMsPerEnd.bench.toFixed(1)} ms`,
  ];
}

function r0(n: number): string {
  return Number.isFinite(n) ? n.toFixed(0) : 'n/a';
}

async function main(): Promise<void> {
  const sessions = Number(process.env['BENCH_EXPIRY_SESSIONS'] ?? 1000);
  const concurrency = Number(process.env['BENCH_EXPIRY_CONCURRENCY'] ?? 16);
  const dueWithinMs = Number(process.env['BENCH_EXPIRY_WITHIN_SECONDS'] ?? 55) * 1000;
  const loadBefore = loadavg();
  const bench = await startBenchStack();
  try {
    const result = await measureExpiryLateness(bench, {
      sessions,
      concurrency,
      dueWithinMs,
      log: (l) => console.error(l),
    });
    console.log(`test drive expiry benchmark (Dynamics 365 sessions, ${DURATION_HOURS} h, host clock moved)`);
    console.log(
      `machine load average:   ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (before: ${loadBefore.map((l) => l.toFixed(1)).join(' ')})`,
    );
    console.log(describeExpiry(result).join('\n'));
    console.log(JSON.stringify(result));
  } finally {
    await bench.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
