import { startDurableHost, uniqueHub, type DurableTestHost, type StatusBody } from './durableHost';

/**
 * Conformance of the local durable engine: small orchestrations of the fixture app run through the
 * real durable-functions package in a real host process, driven over HTTP through the management
 * API (rpcBaseUrl and the public webhook URLs) and through DurableClient inside a function.
 */
describe('durable engine conformance', () => {
  let d: DurableTestHost;
  const run = Date.now().toString(36);
  const id = (name: string): string => `${name}-${run}`;

  beforeAll(async () => {
    d = await startDurableHost(uniqueHub('conf'));
  }, 60_000);

  afterAll(async () => {
    await d?.stop();
  });

  it('When a sequence is started by an HTTP function with createCheckStatusResponse, then 202 + Location lead to the output', async () => {
    const res = await fetch(`${d.origin}/api/orchestrators/sequence/${id('seq')}`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(res.headers.get('retry-after')).toBe('10');
    const location = res.headers.get('location') ?? '';
    expect(location).toContain(`/runtime/webhooks/durabletask/instances/${id('seq')}?`);
    const payload = (await res.json()) as Record<string, string>;
    expect(payload['statusQueryGetUri']).toBe(location);
    expect(Object.keys(payload)).toEqual(
      expect.arrayContaining([
        'id',
        'sendEventPostUri',
        'terminatePostUri',
        'purgeHistoryDeleteUri',
        'suspendPostUri',
        'resumePostUri',
      ]),
    );
    await d.waitFor(id('seq'));
    const viaWebhook = await fetch(location);
    expect(viaWebhook.status).toBe(200);
    const status = (await viaWebhook.json()) as StatusBody;
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual(['Hello Tokyo', 'Hello Seattle', 'Hello London']);
    expect(status.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(status.lastUpdatedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(status).toHaveProperty('input', null);
    const noKey = await fetch(location.replace(/code=[^&]*/, 'code=wrong'));
    expect(noKey.status).toBe(401);
  });

  it('When a running instance is polled, then 202 with Location and Retry-After 5', async () => {
    expect((await d.start('waiter', id('poll'))).status).toBe(202);
    const running = await d.status(id('poll'));
    expect(running.status).toBe(202);
    expect(running.headers.get('retry-after')).toBe('5');
    expect(running.headers.get('location')).toContain(`/instances/${id('poll')}`);
    expect(running.body?.customStatus).toEqual({ stage: 'waiting' });
    await d.client('terminate', id('poll'), 'cleanup');
  });

  it('When 100 activities fan out and fan in, then every result arrives once', async () => {
    await d.start('fanOut', id('fan'), 100);
    const status = await d.waitFor(id('fan'));
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toBe(10100);
    const { body } = await d.status(id('fan'), '?showHistory=true');
    const types = body?.historyEvents?.map((e) => e['EventType']) ?? [];
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(100);
    expect(types.filter((t) => t === 'TaskCompleted')).toHaveLength(100);
    expect(types[0]).toBe('OrchestratorStarted');
    expect(types).toContain('ExecutionCompleted');
  });

  it('When an activity fails twice under a 3-attempt retry policy, then the third attempt succeeds', async () => {
    await d.start('retrying', id('retry-ok'), { key: id('retry-ok'), failTimes: 2, maxAttempts: 3 });
    const status = await d.waitFor(id('retry-ok'));
    expect(status.output).toEqual({ key: id('retry-ok'), attempts: 3 });
    const { body } = await d.status(id('retry-ok'), '?showHistory=true');
    const types = body?.historyEvents?.map((e) => e['EventType']);
    expect(types?.filter((t) => t === 'TaskFailed')).toHaveLength(2);
    expect(types?.filter((t) => t === 'TimerCreated')).toHaveLength(2);
  });

  it('When every attempt fails, then the orchestrator catches the last failure after the final retry timer', async () => {
    await d.start('retrying', id('retry-no'), { key: id('retry-no'), failTimes: 5, maxAttempts: 3 });
    const status = await d.waitFor(id('retry-no'));
    expect(status.runtimeStatus).toBe('Completed');
    expect((status.output as { failed: string }).failed).toContain(
      "Activity function 'flaky' failed: flaky failure 3 of",
    );
    const { body } = await d.status(id('retry-no'), '?showHistory=true');
    const types = body?.historyEvents?.map((e) => e['EventType']);
    expect(types?.filter((t) => t === 'TaskFailed')).toHaveLength(3);
    // DTFx creates a timer after the last failed attempt too; the JS RetryableTask waits for it.
    expect(types?.filter((t) => t === 'TimerCreated')).toHaveLength(3);
  });

  it('When sub-orchestrations run (plain, with retry, inside Task.all, with and without ids), then the parent gets their outputs', async () => {
    await d.start('parent', id('parent'));
    const status = await d.waitFor(id('parent'));
    expect(status.output).toEqual({
      first: { greeting: 'Hello one', parent: id('parent') },
      retried: { key: `${id('parent')}-child`, attempts: 3 },
      a: { greeting: 'Hello two', parent: id('parent') },
      b: { greeting: 'Hello three', parent: id('parent') },
    });
    const child = await d.status(`${id('parent')}-two`);
    expect(child.body?.runtimeStatus).toBe('Completed');
  });

  it('When the timer fires before the external event, then the orchestration times out', async () => {
    await d.start('approval', id('late'), { timeoutMs: 300 });
    const status = await d.waitFor(id('late'));
    expect(status.output).toEqual({ outcome: 'timeout' });
    expect(await d.raise(id('late'), 'approve', 'too late')).toBe(410);
  });

  it('When the external event arrives before the timer, then it wins and the timer is cancelled', async () => {
    await d.start('approval', id('early'), { timeoutMs: 60_000 });
    await d.waitFor(id('early'), ['Running']);
    expect(await d.raise(id('early'), 'approve', { by: 'ana' })).toBe(202);
    const status = await d.waitFor(id('early'));
    expect(status.output).toEqual({ outcome: 'approved', by: { by: 'ana' } });
  });

  it('When an event is raised before the orchestrator waits for it, then it is kept and the later wait gets it', async () => {
    await d.start('lateListener', id('buffered'), { delayMs: 1500 });
    await d.waitFor(id('buffered'), ['Running']);
    expect(await d.raise(id('buffered'), 'go', { n: 1 })).toBe(202);
    const status = await d.waitFor(id('buffered'));
    expect(status.output).toEqual({ value: { n: 1 } });
    const { body } = await d.status(id('buffered'), '?showHistory=true');
    const types = body?.historyEvents?.map((e) => e['EventType']) ?? [];
    // The event was recorded while the timer still ran, i.e. before the wait was created.
    expect(types.indexOf('EventRaised')).toBeGreaterThan(-1);
    expect(types.indexOf('EventRaised')).toBeLessThan(types.indexOf('TimerFired'));
  });

  it('When an event is raised for an instance that does not exist, then 404 (the client throws)', async () => {
    expect(await d.raise(id('nobody'), 'approve', 1)).toBe(404);
    await expect(d.client('raiseEvent', id('nobody'), 'approve', 1)).rejects.toThrow(/No instance with ID/);
  });

  it('When an orchestration continues as new 50 times, then the last generation completes with its input', async () => {
    await d.start('generations', id('gen'), { n: 0, max: 50 });
    const status = await d.waitFor(id('gen'));
    expect(status.output).toEqual({ n: 50, max: 50 });
    expect(status.input).toEqual({ n: 50, max: 50 });
    const { body } = await d.status(id('gen'), '?showHistory=true');
    // Only the last execution's history is kept.
    expect(body?.historyEvents?.filter((e) => e['EventType'] === 'ExecutionStarted')).toHaveLength(1);
  });

  it('When 200 signals hit one entity at once, then it counts exactly 200', async () => {
    const key = id('count');
    // 195 signals on the wire exactly as DurableClient sends them, 5 through DurableClient itself.
    const statuses = await Promise.all(
      Array.from({ length: 195 }, () =>
        fetch(`${d.origin}/durabletask/entities/counter/${key}?op=add`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '1',
        }).then((r) => r.status),
      ),
    );
    expect(statuses.every((s) => s === 202)).toBe(true);
    await Promise.all(Array.from({ length: 5 }, () => d.client('signalEntity', key, 'add', 1)));
    const state = await d.client<{ entityExists: boolean; entityState: number }>('readEntityState', key);
    expect(state).toEqual({ entityExists: true, entityState: 200 });
    const direct = await fetch(`${d.origin}/durabletask/entities/counter/${key}`);
    expect(await direct.json()).toBe(200);
    expect((await fetch(`${d.origin}/durabletask/entities/counter/${key}-none`)).status).toBe(404);
  }, 20_000);

  it('When a start asks to wait (timeout, pollingInterval), then a quick orchestration answers 200 with its output', async () => {
    const res = await fetch(
      `${d.origin}/durabletask/orchestrators/sequence/${id('wait')}?timeout=10&pollingInterval=1`,
      {
        method: 'POST',
      },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(['Hello Tokyo', 'Hello Seattle', 'Hello London']);
  });

  it('When an entity is deleted over HTTP, then reading it answers 404', async () => {
    const key = id('gone');
    const signal = await fetch(`${d.origin}/durabletask/entities/counter/${key}?op=add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '3',
    });
    expect(signal.status).toBe(202);
    expect(await (await fetch(`${d.origin}/durabletask/entities/counter/${key}`)).json()).toBe(3);
    expect(
      (await fetch(`${d.origin}/durabletask/entities/counter/${key}`, { method: 'DELETE' })).status,
    ).toBe(202);
    expect((await fetch(`${d.origin}/durabletask/entities/counter/${key}`)).status).toBe(404);
  });

  it('When an orchestrator signals and calls an entity, then calls return results in order', async () => {
    await d.start('entityUser', id('ent'), id('ent-key'));
    const status = await d.waitFor(id('ent'));
    expect(status.output).toEqual({ value: 15, read: 15 });
  });

  it('When an instance is terminated, then it reports Terminated with the reason, and a second terminate is 410', async () => {
    await d.start('waiter', id('term'));
    await d.waitFor(id('term'), ['Running']);
    await d.client('terminate', id('term'), 'no longer needed');
    const status = await d.waitFor(id('term'));
    expect(status.runtimeStatus).toBe('Terminated');
    expect(status.output).toBe('no longer needed');
    const again = await fetch(`${d.origin}/durabletask/instances/${id('term')}/terminate?reason=x`, {
      method: 'POST',
    });
    expect(again.status).toBe(410);
    const unknown = await fetch(`${d.origin}/durabletask/instances/${id('nope')}/terminate?reason=x`, {
      method: 'POST',
    });
    expect(unknown.status).toBe(404);
  });

  it('When a child orchestration is terminated, then its parent sees the sub-orchestration fail', async () => {
    const childId = id('child-term');
    await d.start('parentOfWaiter', id('parent-term'), childId);
    await d.waitFor(childId, ['Running']);
    await d.client('terminate', childId, 'stop the child');
    const status = await d.waitFor(id('parent-term'));
    expect(status.runtimeStatus).toBe('Completed');
    expect((status.output as { childFailed: string }).childFailed).toContain('stop the child');
  });

  it('When an instance is suspended, then events are withheld until it is resumed', async () => {
    await d.start('waiter', id('susp'));
    await d.waitFor(id('susp'), ['Running']);
    await d.client('suspend', id('susp'), 'hold');
    await d.waitFor(id('susp'), ['Suspended']);
    expect(await d.raise(id('susp'), 'go', 1)).toBe(202);
    expect(await d.raise(id('susp'), 'go', 2)).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect((await d.status(id('susp'))).body?.runtimeStatus).toBe('Suspended');
    await d.client('resume', id('susp'), 'go on');
    const status = await d.waitFor(id('susp'));
    expect(status.output).toEqual({ value: 1, second: 2 });
  });

  it('When the same id is started while running, then 409; once finished, a restart replaces it', async () => {
    expect((await d.start('waiter', id('dup'))).status).toBe(202);
    const second = await d.start('waiter', id('dup'));
    expect(second.status).toBe(409);
    await d.client('terminate', id('dup'), 'done');
    await d.waitFor(id('dup'));
    expect((await d.start('sequence', id('dup'))).status).toBe(202);
    const status = await d.waitFor(id('dup'));
    expect(status.name).toBe('sequence');
    expect(status.runtimeStatus).toBe('Completed');
  });

  it('When an orchestrator throws, then it is Failed with the error, and rewind answers 501', async () => {
    await d.start('failing', id('fail'));
    const status = await d.waitFor(id('fail'));
    expect(status.runtimeStatus).toBe('Failed');
    expect(status.output).toBe("Orchestrator function 'failing' failed: orchestration failed on purpose");
    const rewind = await fetch(`${d.origin}/durabletask/instances/${id('fail')}/rewind?reason=x`, {
      method: 'POST',
    });
    expect(rewind.status).toBe(501);
    const notFailed = await fetch(`${d.origin}/durabletask/instances/${id('seq')}/rewind?reason=x`, {
      method: 'POST',
    });
    expect(notFailed.status).toBe(412);
  });

  it('When instances are queried with filters and small pages, then the continuation header pages them all', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const prefix = `page-${run}-`;
    for (let i = 0; i < 5; i++) await d.start('sequence', `${prefix}${i}`);
    for (let i = 0; i < 5; i++) await d.waitFor(`${prefix}${i}`);
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const res: Response = await fetch(
        `${d.origin}/durabletask/instances/?instanceIdPrefix=${prefix}&top=2`,
        {
          headers: token ? { 'x-ms-continuation-token': token } : {},
        },
      );
      expect(res.status).toBe(200);
      seen.push(...((await res.json()) as StatusBody[]).map((s) => s.instanceId));
      token = res.headers.get('x-ms-continuation-token');
      pages++;
    } while (token);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}${i}`));
    expect(pages).toBeGreaterThanOrEqual(3);

    const completed = await d.client<StatusBody[]>('getStatusBy', {
      createdTimeFrom: from,
      runtimeStatus: ['Completed'],
    });
    expect(completed.every((s) => s.runtimeStatus === 'Completed')).toBe(true);
    expect(completed.map((s) => s.instanceId)).toEqual(expect.arrayContaining([`${prefix}0`, id('fan')]));
    const terminated = await d.client<StatusBody[]>('getStatusBy', { runtimeStatus: ['Terminated'] });
    expect(terminated.map((s) => s.instanceId)).toContain(id('term'));
    expect(terminated.map((s) => s.instanceId)).not.toContain(id('fan'));
    const all = await d.client<StatusBody[]>('getStatusAll');
    expect(all.length).toBeGreaterThanOrEqual(10);
    const future = await d.client<StatusBody[]>('getStatusBy', {
      createdTimeFrom: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(future).toEqual([]);
  });

  it('When history is purged, then the instance is gone; purging again or a running one deletes nothing', async () => {
    expect(await d.client('purgeInstanceHistory', id('seq'))).toEqual({ instancesDeleted: 1 });
    expect((await d.status(id('seq'))).status).toBe(404);
    expect(await d.client('purgeInstanceHistory', id('seq'))).toEqual({ instancesDeleted: 0 });
    const noFrom = await fetch(`${d.origin}/durabletask/instances/?runtimeStatus=Completed`, {
      method: 'DELETE',
    });
    expect(noFrom.status).toBe(400);
    const prefixFrom = new Date(Date.now() - 3600_000).toISOString();
    const purged = await d.client<{ instancesDeleted: number }>('purgeInstanceHistoryBy', {
      createdTimeFrom: prefixFrom,
      runtimeStatus: ['Failed'],
    });
    expect(purged.instancesDeleted).toBeGreaterThanOrEqual(1);
    expect((await d.status(id('fail'))).status).toBe(404);
    const none = await fetch(
      `${d.origin}/durabletask/instances/?createdTimeFrom=${encodeURIComponent(prefixFrom)}&runtimeStatus=Failed`,
      { method: 'DELETE' },
    );
    expect(none.status).toBe(404);
  });

  it('When status is asked with showInput=false and history with outputs, then the payload follows the flags', async () => {
    const { body } = await d.status(id('fan'), '?showInput=false&showHistory=true&showHistoryOutput=true');
    expect(body?.input).toBeNull();
    const completed = body?.historyEvents?.find((e) => e['EventType'] === 'TaskCompleted');
    expect(completed?.['Result']).toBeDefined();
    const { body: plain } = await d.status(id('fan'), '?showHistory=true');
    expect(plain?.historyEvents?.find((e) => e['EventType'] === 'TaskCompleted')?.['Result']).toBeUndefined();
  });
});

describe('durable engine with replay schema V1 (flat actions)', () => {
  let d: DurableTestHost;

  beforeAll(async () => {
    d = await startDurableHost(uniqueHub('v1'), { DEVHOST_DURABLE_SCHEMA: 'v1' });
  }, 60_000);

  afterAll(async () => {
    await d?.stop();
  });

  it('When the library is given schema 0, then sequences, fan-out, retries and races still complete', async () => {
    await d.start('sequence', 'v1-seq');
    await d.start('fanOut', 'v1-fan', 20);
    await d.start('approval', 'v1-race', { timeoutMs: 200 });
    await d.start('retrying', 'v1-retry', { key: 'v1-retry', failTimes: 1, maxAttempts: 2 });
    expect((await d.waitFor('v1-seq')).output).toEqual(['Hello Tokyo', 'Hello Seattle', 'Hello London']);
    expect((await d.waitFor('v1-fan')).output).toBe(420);
    expect((await d.waitFor('v1-race')).output).toEqual({ outcome: 'timeout' });
    expect((await d.waitFor('v1-retry')).output).toEqual({ key: 'v1-retry', attempts: 2 });
  });
});
