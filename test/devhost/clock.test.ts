import { HostClock } from '../../devhost/clock';

describe('host clock', () => {
  it('When advanced, then now() moves forward by that much and never backward', () => {
    const clock = new HostClock();
    const before = clock.now();
    clock.advance(86_400_000);
    expect(clock.now() - before).toBeGreaterThanOrEqual(86_400_000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it('When a sleeper waits days ahead, then an advance past its time wakes it at once', async () => {
    const clock = new HostClock();
    const due = clock.now() + 3 * 86_400_000; // far beyond setTimeout's 24.8-day limit is also fine
    let woke = false;
    const sleeping = clock.sleepUntil(due).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(false);
    clock.advance(3 * 86_400_000);
    await sleeping;
    expect(woke).toBe(true);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('When the time is a year away, then the wait is chunked and does not fire early', async () => {
    const clock = new HostClock();
    let woke = false;
    const controller = new AbortController();
    const sleeping = clock.sleepUntil(clock.now() + 365 * 86_400_000, controller.signal).then(
      () => (woke = true),
      () => 'aborted',
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(false);
    controller.abort();
    expect(await sleeping).toBe('aborted');
    expect(clock.pendingSleepers).toBe(0);
  });

  it('When the time has passed already, then sleepUntil resolves immediately', async () => {
    const clock = new HostClock();
    await expect(clock.sleepUntil(clock.now() - 1)).resolves.toBeUndefined();
  });

  it('When real time reaches the due time, then the sleeper wakes without an advance', async () => {
    const clock = new HostClock(1_000_000);
    const start = Date.now();
    await clock.sleepUntil(clock.now() + 50);
    expect(Date.now() - start).toBeGreaterThanOrEqual(45);
  });
});
