import { adminHeaders, startDurableHost, uniqueHub, type DurableTestHost } from './durableHost';

const HOUR = 3600_000;

/** Time skipping: durable timers and currentUtcDateTime follow the host clock the admin API advances. */
describe('durable timers on the host clock', () => {
  let d: DurableTestHost;

  beforeAll(async () => {
    d = await startDurableHost(uniqueHub('clock'));
  }, 60_000);

  afterAll(async () => {
    await d?.stop();
  });

  const advance = async (ms: number): Promise<number> => {
    const res = await fetch(`${d.origin}/admin/clock/advance`, {
      method: 'POST',
      headers: { ...adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ ms }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { now: number }).now;
  };

  it('When the clock is advanced by 25 hours, then a 24-hour timer fires and the orchestrator sees the advanced time', async () => {
    await d.start('sleeper', 'day', { hours: 24 });
    await d.waitFor('day', ['Running']);
    await new Promise((r) => setTimeout(r, 200));
    expect((await d.status('day')).body?.runtimeStatus).toBe('Running');
    const realBefore = Date.now();
    const clockNow = await advance(25 * HOUR);
    const status = await d.waitFor('day');
    const { start, woke } = status.output as { start: string; woke: string };
    expect(Date.parse(woke) - Date.parse(start)).toBeGreaterThanOrEqual(24 * HOUR);
    expect(Date.parse(woke)).toBeGreaterThanOrEqual(realBefore + 25 * HOUR - 1000);
    expect(Date.parse(woke)).toBeLessThanOrEqual(clockNow + 5000);
  });

  it('When a timer is due at a time with milliseconds, then it does not fire before that millisecond', async () => {
    const clock = (await (await fetch(`${d.origin}/admin/clock`, { headers: adminHeaders })).json()) as { now: number };
    // Due 1.987 s past a whole second: a fire time read to the second only would fire 987 ms early.
    const fireAt = (Math.floor(clock.now / 1000) + 3) * 1000 + 987;
    await d.start('timerAt', 'millis', { fireAt });
    const status = await d.waitFor('millis');
    const { firedAt } = status.output as { fireAt: number; firedAt: number };
    expect(firedAt).toBeGreaterThanOrEqual(fireAt);
  });

  it('When a 7-day timer (longer than the 6-day maximum) is waited on, then it fires in 3-day slices at the final time', async () => {
    await d.start('sleeper', 'week', { hours: 24 * 7 });
    await d.waitFor('week', ['Running']);
    await advance(4 * 24 * HOUR); // past the first 3-day slice, before the final time
    await new Promise((r) => setTimeout(r, 300));
    expect((await d.status('week')).body?.runtimeStatus).toBe('Running');
    await advance(4 * 24 * HOUR);
    const status = await d.waitFor('week');
    const { start, woke } = status.output as { start: string; woke: string };
    expect(Date.parse(woke) - Date.parse(start)).toBeGreaterThanOrEqual(7 * 24 * HOUR);
    const { body } = await d.status('week', '?showHistory=true');
    const created = body?.historyEvents?.filter((e) => e['EventType'] === 'TimerCreated') ?? [];
    expect(created).toHaveLength(2);
    expect(body?.historyEvents?.filter((e) => e['EventType'] === 'TimerFired')).toHaveLength(2);
  });
});
