import type { BenchStack } from './benchStack';

/** Real time (this process's clock, ms) from which a host clock offset applied. */
interface Step {
  real: number;
  offsetMs: number;
}

export interface ClockSweep {
  /** How many times faster than real time the host clock ran during the sweep (1 = not at all). */
  speed: number;
  /** The real moment the host clock read `hostMs` (or jumped past it). */
  hostToReal(hostMs: number): number;
}

/**
 * Moves a host's clock so that host times `first`..`last` pass within `windowMs` of real time:
 * one jump to `leadMs` before `first`, then, when `last - first` is longer than the window, small
 * steps every 250 ms that run the clock `(last - first) / windowMs` times faster than real time.
 * Whatever was due at host times spread over several minutes becomes due spread over the window,
 * in the same order and proportions. Returns the mapping from host time back to real time, so
 * that lateness is measured in real milliseconds.
 */
export async function sweepHostClock(
  bench: BenchStack,
  o: { first: number; last: number; windowMs: number; leadMs: number },
): Promise<ClockSweep> {
  const before = await bench.clock();
  const steps: Step[] = [{ real: Date.now(), offsetMs: before.offsetMs }];
  const step = async (ms: number): Promise<{ now: number }> => {
    const sent = Date.now();
    const moved = await bench.advanceClock(Math.max(1, Math.round(ms)));
    // The host applied the offset between the request and the answer.
    steps.push({ real: (sent + Date.now()) / 2, offsetMs: moved.offsetMs });
    return moved;
  };
  let at = await step(o.first - o.leadMs - before.now);
  const speed = Math.max(1, (o.last - o.first) / o.windowMs);
  if (speed > 1) {
    let lastReal = Date.now();
    while (at.now < o.last + 1000) {
      await new Promise((r) => setTimeout(r, 250));
      const realNow = Date.now();
      at = await step((speed - 1) * (realNow - lastReal));
      lastReal = realNow;
    }
  }
  return {
    speed,
    hostToReal: (hostMs) => {
      for (let i = 0; i < steps.length; i++) {
        const s = steps[i]!;
        // Passed by the jump of step i: it became due when the step applied.
        if (i > 0 && hostMs < s.real + s.offsetMs) return s.real;
        const next = steps[i + 1];
        if (!next || hostMs < next.real + s.offsetMs) return hostMs - s.offsetMs;
      }
      return hostMs - steps[steps.length - 1]!.offsetMs;
    },
  };
}
