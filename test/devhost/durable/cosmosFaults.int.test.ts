import {
  startCosmosFaultProxy,
  type CosmosFaultProxy,
  type FaultCounters,
} from '../../../devhost/standins/cosmosFaultProxy';
import type { FaultKind, FaultMix } from '../../../devhost/standins/cosmosFaultProxySelection';
import { cosmosClient, stackInfo } from '../../support/stack';
import { spawnHost } from '../spawnHost';
import { durableHostEnv, durableTestHost, uniqueHub, type DurableTestHost } from './durableHost';

/**
 * The durable engine's task hub behind a Cosmos DB fault proxy (devhost/standins/cosmosFaultProxy.ts):
 * its requests time out (408), hang until the client gives up, have their connection reset, or are
 * done by the store with their answer lost. First targeted cases with scripted draws (exactly one
 * request gets the fault), then a workload of fan-outs, activities with keyed side effects, timers,
 * external events and entity operations under a mix of those faults and under each alone. With the
 * faults off every instance must complete with the right output, each side effect exist, no event
 * or entity operation be applied twice, and the host keep processing.
 */

const PHASE_MS = Number(process.env.DURABLE_FAULT_PHASE_MS ?? 4_000);
/** Every instance completes within this after the faults stop (it takes about 5 s). */
const SETTLE_WITHIN_MS = 20_000;
/** A wave of new instances this often while the faults are on. */
const WAVE_EVERY_MS = 400;
/** The engine's Cosmos DB request timeout in this host: a hung request ends after this. */
const REQUEST_TIMEOUT_MS = 3_000;

const phases: ReadonlyArray<{ name: string; mix: FaultMix }> = [
  { name: 'mix', mix: { rates: { timeout: 0.04, hang: 0.02, reset: 0.04, lostResponse: 0.06 } } },
  { name: 'timeout', mix: { rates: { timeout: 0.15 } } },
  { name: 'hang', mix: { rates: { hang: 0.05 } } },
  { name: 'reset', mix: { rates: { reset: 0.15 } } },
  { name: 'lostResponse', mix: { rates: { lostResponse: 0.15 } } },
  { name: 'mix again', mix: { rates: { timeout: 0.04, hang: 0.02, reset: 0.04, lostResponse: 0.06 } } },
];

const hub = uniqueHub('cfaults');
let proxy: CosmosFaultProxy;
let d: DurableTestHost;
let hostEnv: Record<string, string>;
/** Draws the proxy uses next (targeted tests); when empty, `fallbackDraw`. */
const scripted: number[] = [];
let fallbackDraw: () => number = () => 0.999;
const run = `cf${Date.now().toString(36)}`;

beforeAll(async () => {
  proxy = await startCosmosFaultProxy({
    target: stackInfo().appSettings['COSMOS_ENDPOINT'] ?? '',
    random: () => scripted.shift() ?? fallbackDraw(),
  });
  hostEnv = durableHostEnv(hub, {
    DEVHOST_DURABLE_COSMOS_ENDPOINT: proxy.url,
    DEVHOST_DURABLE_COSMOS_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    DEVHOST_LOG_LEVEL: 'warn',
  });
  d = durableTestHost(await spawnHost({ env: hostEnv }));
}, 60_000);

afterAll(async () => {
  await d?.stop('SIGKILL');
  await proxy?.close();
});

/** Makes exactly the next request of class `only` get `fault` (then no faults). */
function next(fault: FaultKind, only: 'read' | 'write' | 'query', draws: number[] = [0]): void {
  proxy.setMix({ rates: { [fault]: 0.5 }, only: [only] });
  proxy.resetCounters();
  scripted.length = 0;
  scripted.push(...draws);
}

function faultsOff(): void {
  proxy.setMix({ rates: {} });
  scripted.length = 0;
}

async function signal(key: string, op: string, value: unknown): Promise<number> {
  const res = await fetch(`${d.origin}/durabletask/entities/counter/${key}?op=${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  });
  return res.status;
}

async function entityState(key: string): Promise<unknown> {
  const res = await fetch(`${d.origin}/durabletask/entities/counter/${key}`);
  return res.status === 200 ? res.json() : `HTTP ${res.status}`;
}

function eventTypes(body: { historyEvents?: Array<Record<string, unknown>> } | null): unknown[] {
  return body?.historyEvents?.map((e) => e['EventType']) ?? [];
}

const count = (list: unknown[], type: string): number => list.filter((t) => t === type).length;

describe('durable engine: task hub requests that time out, hang, reset or lose their answer', () => {
  afterEach(() => faultsOff());

  it('When the write that creates an instance is done but its answer lost, then the start answers 202 and the instance runs once', async () => {
    const id = `${run}-create-lost`;
    next('lostResponse', 'write');
    const res = await d.start('sequence', id);
    expect(proxy.counters().faults.lostResponse).toBe(1);
    expect(res.status).toBe(202);
    const status = await d.waitFor(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual(['Hello Tokyo', 'Hello Seattle', 'Hello London']);
    const { body } = await d.status(id, '?showHistory=true');
    expect(count(eventTypes(body), 'ExecutionStarted')).toBe(1);
    expect(count(eventTypes(body), 'TaskCompleted')).toBe(3);
  });

  it('When the write that records a raised event is done but its answer lost (its retry finds the ETag changed), then the raise answers 202 and the event is applied once', async () => {
    const id = `${run}-raise-lost`;
    expect((await d.start('waiter', id)).status).toBe(202);
    await d.waitFor(id, ['Running']);
    await new Promise((r) => setTimeout(r, 300)); // let its first episode's write settle
    next('lostResponse', 'write');
    expect(await d.raise(id, 'go', 1)).toBe(202);
    expect(proxy.counters().faults.lostResponse).toBe(1);
    faultsOff();
    expect(await d.raise(id, 'go', 2)).toBe(202);
    const status = await d.waitFor(id);
    expect(status.output).toEqual({ value: 1, second: 2 });
    const { body } = await d.status(id, '?showHistory=true');
    expect(count(eventTypes(body), 'EventRaised')).toBe(2);
  });

  it('When a finished instance is started again and the replacing write is done but its answer lost, then 202 and one new execution', async () => {
    const id = `${run}-restart-lost`;
    expect((await d.start('sequence', id)).status).toBe(202);
    await d.waitFor(id);
    await new Promise((r) => setTimeout(r, 300));
    // The create finds the finished instance (409, answered), the replace that follows loses its answer.
    next('lostResponse', 'write', [0.9, 0]);
    expect((await d.start('fanOut', id, 3)).status).toBe(202);
    expect(proxy.counters().faults.lostResponse).toBe(1);
    const status = await d.waitFor(id);
    expect(status.name).toBe('fanOut');
    expect(status.output).toBe(12);
    const { body } = await d.status(id, '?showHistory=true');
    expect(count(eventTypes(body), 'ExecutionStarted')).toBe(1);
  });

  it('When a finished instance is started again and the read that finds it fails, then the start still answers 202', async () => {
    const id = `${run}-restart-read`;
    expect((await d.start('sequence', id)).status).toBe(202);
    await d.waitFor(id);
    await new Promise((r) => setTimeout(r, 300));
    // The create meets the finished instance (409); the read that looks at it times out.
    next('timeout', 'read');
    const res = await fetch(`${d.origin}/durabletask/orchestrators/fanOut/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '2',
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(202);
    expect(proxy.counters().recent.map((f) => `${f.fault} ${f.method}`)).toEqual(['timeout GET']);
    const status = await d.waitFor(id);
    expect([status.name, status.output]).toEqual(['fanOut', 6]);
  });

  it("When an entity's writes are done but their answers lost (create, then replace), then each signal answers 202 and is applied once", async () => {
    const key = `${run}-entity-lost`;
    next('lostResponse', 'write');
    expect(await signal(key, 'add', 1)).toBe(202);
    expect(proxy.counters().faults.lostResponse).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    next('lostResponse', 'write');
    expect(await signal(key, 'add', 2)).toBe(202);
    expect(proxy.counters().faults.lostResponse).toBe(1);
    faultsOff();
    await new Promise((r) => setTimeout(r, 300));
    expect(await entityState(key)).toBe(3);
  });

  it('When a write meets a conflict (another writer changed the document) and the reload that follows fails to read, then the instance is read again and its timer still fires', async () => {
    const id = `${run}-reload`;
    expect((await d.start('timerAt', id, { fireAt: Date.now() + 2_500 })).status).toBe(202);
    await d.waitFor(id, ['Running']);
    await new Promise((r) => setTimeout(r, 300));
    // A second writer (as another host on the same task hub would be) changes the document.
    const container = cosmosClient().database(`durabletask-${hub.toLowerCase()}`).container('hub');
    const { resource } = await container.item(id, id).read<Record<string, unknown>>();
    await container.item(id, id).replace({ ...resource, updatedAt: Date.now() });
    // The next write of the instance gets 412; the engine drops its actor and reads it again, and
    // that read times out.
    next('timeout', 'read');
    expect(await d.raise(id, 'unrelated', 1)).toBe(500);
    await new Promise((r) => setTimeout(r, 500));
    expect(proxy.counters().recent.map((f) => `${f.fault} ${f.method}`)).toEqual(['timeout GET']);
    const status = await d.waitFor(id, undefined, 10_000);
    expect(status.runtimeStatus).toBe('Completed');
  });

  it('When one write request hangs, then the writes of other instances go on meanwhile', async () => {
    const stuck = `${run}-hung`;
    const other = `${run}-not-held`;
    next('hang', 'write');
    const stuckStart = d.start('sequence', stuck);
    await new Promise((r) => setTimeout(r, 200));
    expect(proxy.counters().faults.hang).toBe(1);
    const began = Date.now();
    expect((await d.start('sequence', other)).status).toBe(202);
    // Its first write is stored well before the hung request's timeout ends that request.
    expect(Date.now() - began).toBeLessThan(REQUEST_TIMEOUT_MS - 1_500);
    await d.waitFor(other);
    expect((await stuckStart).status).toBe(202);
    expect((await d.waitFor(stuck)).runtimeStatus).toBe('Completed');
  });

  it('When the host restarts and its recovery queries time out, then it starts and resumes its instances', async () => {
    const id = `${run}-recovered`;
    expect((await d.start('timerAt', id, { fireAt: Date.now() + 1_500 })).status).toBe(202);
    await d.waitFor(id, ['Running']);
    await new Promise((r) => setTimeout(r, 300));
    await d.stop('SIGKILL');
    // Three in a row: the SDK's query pipeline absorbs fewer.
    next('timeout', 'query', [0, 0, 0]);
    d = durableTestHost(await spawnHost({ env: hostEnv }));
    expect(proxy.counters().recent.map((f) => `${f.fault} ${f.method}`)).toEqual([
      'timeout POST',
      'timeout POST',
      'timeout POST',
    ]);
    const status = await d.waitFor(id, undefined, 10_000);
    expect(status.runtimeStatus).toBe('Completed');
  });

  it('When the task hub times out, hangs, resets and loses answers under a workload, then once the faults stop every instance completes once with the right output', async () => {
    const started = Date.now();
    proxy.resetCounters();
    fallbackDraw = Math.random;
    type Expected = { id: string; output: unknown; check?: (types: unknown[]) => void };
    const expected: Expected[] = [];
    const crashIds: string[] = [];
    const entityKeys: string[] = [];
    const answers = new Map<string, number>();
    const note = (what: string, status: number | string): void => {
      const key = `${what} ${status}`;
      answers.set(key, (answers.get(key) ?? 0) + 1);
    };
    /** Sends until the host answers `ok` (a 5xx or a dropped connection is retried, anything else is recorded and ends it). */
    const until = async (what: string, send: () => Promise<number>, ok: number): Promise<number> => {
      for (;;) {
        let status: number | string;
        try {
          status = await send();
        } catch (err) {
          status = `error ${String(err)}`;
        }
        note(what, status);
        if (status === ok || (typeof status === 'number' && status < 500)) return Number(status);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    /** Instances whose start was answered 202, latest last (the poller reads their status). */
    const accepted: string[] = [];
    const startOf = async (name: string, id: string, input: unknown): Promise<number> => {
      const { status } = await d.start(name, id, input);
      if (status === 202) accepted.push(id);
      return status;
    };
    const work: Array<Promise<unknown>> = [];
    const figures: Array<{ phase: string; counters: FaultCounters }> = [];
    let serial = 0;

    /** Starts a few instances of each kind (and raises their events) without waiting for them. */
    const wave = (): void => {
      const p = `${run}-${++serial}`;
      for (let i = 0; i < 2; i++) {
        const id = `${p}-crash${i}`;
        const index = serial * 2 + i;
        crashIds.push(id);
        expected.push({
          id,
          output: 16 * index,
          check: (types) => {
            expect([id, count(types, 'TaskCompleted'), count(types, 'TimerFired')]).toEqual([id, 4, 1]);
            expect([id, count(types, 'EventRaised'), count(types, 'ExecutionStarted')]).toEqual([id, 1, 1]);
          },
        });
        work.push(
          until('start crashFlow', () => startOf('crashFlow', id, { index }), 202).then((s) =>
            s === 202 ? until('raise proceed', () => d.raise(id, 'proceed', index * 10), 202) : s,
          ),
        );
      }
      for (let i = 0; i < 2; i++) {
        const id = `${p}-fan${i}`;
        const n = 6 + i;
        expected.push({
          id,
          output: n * (n + 1),
          check: (types) => expect([id, count(types, 'TaskCompleted')]).toEqual([id, n]),
        });
        work.push(until('start fanOut', () => startOf('fanOut', id, n), 202));
      }
      {
        const id = `${p}-approve`;
        expected.push({
          id,
          output: { outcome: 'approved', by: { by: id } },
          check: (types) => expect([id, count(types, 'EventRaised')]).toEqual([id, 1]),
        });
        work.push(
          until('start approval', () => startOf('approval', id, { timeoutMs: 120_000 }), 202).then((s) =>
            s === 202 ? until('raise approve', () => d.raise(id, 'approve', { by: id }), 202) : s,
          ),
        );
      }
      if (serial % 2 === 0) {
        const id = `${p}-timeout`;
        expected.push({ id, output: { outcome: 'timeout' } });
        work.push(until('start approval', () => startOf('approval', id, { timeoutMs: 700 }), 202));
      }
      if (serial % 2 === 1) {
        const id = `${p}-timer`;
        const fireAt = Date.now() + 1_500;
        expected.push({
          id,
          output: undefined,
          check: (types) => expect(count(types, 'TimerFired')).toBe(1),
        });
        work.push(until('start timerAt', () => startOf('timerAt', id, { fireAt }), 202));
      }
      if (serial % 3 === 0) {
        const id = `${p}-entityUser`;
        expected.push({ id, output: { value: 15, read: 15 } });
        work.push(until('start entityUser', () => startOf('entityUser', id, id), 202));
        const key = `${p}-signals`;
        entityKeys.push(key);
        for (let k = 0; k < 3; k++) work.push(until('signal add', () => signal(key, 'add', 2), 202));
      }
    };

    // Status and list requests of the management API meanwhile: answered, or 500 when the store failed.
    let polling = true;
    const poller = (async (): Promise<void> => {
      while (polling) {
        const last = accepted[accepted.length - 1];
        if (last)
          note(
            'status',
            await d.status(last).then(
              (r) => r.status,
              (err: unknown) => `error ${String(err)}`,
            ),
          );
        const list = await fetch(`${d.origin}/durabletask/instances/?instanceIdPrefix=${run}-&top=20`).then(
          (r) => r.status,
          (err: unknown) => `error ${String(err)}`,
        );
        note('list', list);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    for (const phase of phases) {
      proxy.setMix(phase.mix);
      proxy.resetCounters();
      const phaseEnd = Date.now() + PHASE_MS;
      while (Date.now() < phaseEnd) {
        wave();
        await new Promise((r) => setTimeout(r, WAVE_EVERY_MS));
      }
      figures.push({ phase: phase.name, counters: proxy.counters() });
    }
    faultsOff();
    const faultsEnded = Date.now();
    polling = false;
    await Promise.all([...work, poller]);
    const unexpected = [...answers].filter(([k]) => !/ (20[02]|5\d\d|error .*)$/.test(k));
    expect(unexpected).toEqual([]);

    for (const e of expected) {
      const status = await d.waitFor(e.id, undefined, 30_000);
      expect([e.id, status.runtimeStatus]).toEqual([e.id, 'Completed']);
      if (e.output !== undefined) expect([e.id, status.output]).toEqual([e.id, e.output]);
      const { body } = await d.status(e.id, '?showHistory=true');
      const types = eventTypes(body);
      expect([e.id, count(types, 'ExecutionStarted'), count(types, 'ExecutionCompleted')]).toEqual([
        e.id,
        1,
        1,
      ]);
      e.check?.(types);
    }
    const settled = Date.now();
    // No instance stuck: once the faults stop, the engine's own retries finish everything within
    // seconds (without bounded request timeouts one hung request alone held all writes for 60 s).
    expect(settled - faultsEnded).toBeLessThan(SETTLE_WITHIN_MS);
    for (const key of entityKeys) expect([key, await entityState(key)]).toEqual([key, 6]);

    const db = cosmosClient().database('durable-fixture');
    const query = {
      query: 'SELECT c.id FROM c WHERE STARTSWITH(c.id, @p)',
      parameters: [{ name: '@p', value: `${run}-` }],
    };
    const { resources: done } = await db.container('effects').items.query<{ id: string }>(query).fetchAll();
    const { resources: runs } = await db.container('runs').items.query<{ id: string }>(query).fetchAll();
    const effectKeys = crashIds.flatMap((id) => ['a', 'b', 'c', 'd'].map((s) => `${id}:${s}`));
    expect(done.map((e) => e.id).sort()).toEqual(effectKeys.sort());
    expect(runs.length).toBeGreaterThanOrEqual(effectKeys.length);

    // The host still takes new work.
    const after = `${run}-after`;
    expect((await d.start('sequence', after)).status).toBe(202);
    expect((await d.waitFor(after)).runtimeStatus).toBe('Completed');
    expect(d.host.child.exitCode).toBeNull();

    const total = (k: keyof FaultCounters['requests']): number =>
      figures.reduce((s, f) => s + f.counters.requests[k], 0);
    const lines = figures.map(
      ({ phase, counters: c }) =>
        `  ${phase}: requests r/q/w ${c.requests.read}/${c.requests.query}/${c.requests.write}, faults ` +
        Object.entries(c.faults)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k} ${n}`)
          .join(', '),
    );
    process.stdout.write(
      `durable task hub faults: ${expected.length} instances, ${effectKeys.length} keyed effects from ` +
        `${runs.length} activity runs (${runs.length - effectKeys.length} re-runs), ${entityKeys.length * 3} ` +
        `client signals; requests r/q/w ${total('read')}/${total('query')}/${total('write')}; faults ` +
        `${((faultsEnded - started) / 1000).toFixed(1)} s, all complete ${((settled - faultsEnded) / 1000).toFixed(1)} s later\n` +
        `${lines.join('\n')}\n  answers: ${JSON.stringify(Object.fromEntries(answers))}\n`,
    );
  }, 120_000);

  it('When the host is killed while its task hub has faults and restarts under them, then every instance completes once and each side effect exists', async () => {
    const mix: FaultMix = { rates: { timeout: 0.05, hang: 0.02, reset: 0.05, lostResponse: 0.08 } };
    fallbackDraw = Math.random;
    proxy.setMix(mix);
    proxy.resetCounters();
    const ids = Array.from({ length: 20 }, (_, i) => `${run}k-${i}`);
    /** Retries what the host failed (5xx, connection errors); the starts and raises end before the kill. */
    const until202 = async (send: () => Promise<number>): Promise<number> => {
      for (;;) {
        const status = await send().catch(() => 0);
        if (status === 202 || (status >= 400 && status < 500)) return status;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const accepted = await Promise.all(
      ids.map(async (id, i) => {
        const started = await until202(async () => (await d.start('crashFlow', id, { index: i })).status);
        return started === 202 ? until202(() => d.raise(id, 'proceed', i * 10)) : started;
      }),
    );
    expect(accepted.every((s) => s === 202)).toBe(true);
    // Activities (50-300 ms each) and timers are in flight: kill, and restart under the same faults.
    await new Promise((r) => setTimeout(r, 400));
    await d.stop('SIGKILL');
    d = durableTestHost(await spawnHost({ env: hostEnv }));
    await new Promise((r) => setTimeout(r, 2_000));
    const counters = proxy.counters();
    faultsOff();
    for (const [i, id] of ids.entries()) {
      const status = await d.waitFor(id, undefined, 30_000);
      expect([id, status.runtimeStatus, status.output]).toEqual([id, 'Completed', 16 * i]);
      const { body } = await d.status(id, '?showHistory=true');
      const types = eventTypes(body);
      expect([
        id,
        count(types, 'TaskCompleted'),
        count(types, 'TimerFired'),
        count(types, 'EventRaised'),
      ]).toEqual([id, 4, 1, 1]);
    }
    const db = cosmosClient().database('durable-fixture');
    const query = {
      query: 'SELECT c.id FROM c WHERE STARTSWITH(c.id, @p)',
      parameters: [{ name: '@p', value: `${run}k-` }],
    };
    const { resources: done } = await db.container('effects').items.query<{ id: string }>(query).fetchAll();
    const { resources: runs } = await db.container('runs').items.query<{ id: string }>(query).fetchAll();
    const effectKeys = ids.flatMap((id) => ['a', 'b', 'c', 'd'].map((x) => `${id}:${x}`));
    expect(done.map((e) => e.id).sort()).toEqual(effectKeys.sort());
    expect(runs.length).toBeGreaterThanOrEqual(effectKeys.length);
    process.stdout.write(
      `durable task hub faults and a kill: ${ids.length} instances, ${effectKeys.length} keyed effects from ` +
        `${runs.length} activity runs (${runs.length - effectKeys.length} re-runs after the kill); requests ` +
        `r/q/w ${counters.requests.read}/${counters.requests.query}/${counters.requests.write}, faults ` +
        Object.entries(counters.faults)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ') +
        '\n',
    );
  }, 60_000);
});
