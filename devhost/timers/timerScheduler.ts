import type { Clock, RegisteredFunction } from '../extension';
import { hostLog } from '../core/hostLog';
import { parseTimerSchedule, type TimerSchedule } from './timerSchedule';

/** The timer payload as the timer extension sends it; the library camel-cases it for the handler. */
export interface TimerInfoPayload {
  Schedule: { AdjustForDST: boolean };
  ScheduleStatus: { Last: string; Next: string; LastUpdated: string } | null;
  IsPastDue: boolean;
}

export type TimerInvoke = (functionName: string, payload: TimerInfoPayload) => Promise<unknown>;

interface TimerEntry {
  fn: RegisteredFunction;
  schedule: TimerSchedule;
  runOnStartup: boolean;
  lastOccurrence: number | undefined;
  /** Serialises firings: a timer function never overlaps itself (Azure runs timers as singletons). */
  running: Promise<void>;
}

/** Fires later than this past the scheduled instant are reported as past due. */
const pastDueToleranceMs = 1000;

/**
 * Runs every timer trigger on its schedule, measured on the host clock, so advancing the clock fires
 * whatever became due. Missed occurrences (after a big advance, or while an invocation ran long)
 * produce one firing with `isPastDue: true`, as on Azure after downtime.
 */
export class TimerScheduler {
  readonly #clock: Clock;
  readonly #invoke: TimerInvoke;
  readonly #entries = new Map<string, TimerEntry>();
  readonly #abort = new AbortController();
  readonly #loops: Promise<void>[] = [];

  constructor(functions: Iterable<RegisteredFunction>, clock: Clock, invoke: TimerInvoke) {
    this.#clock = clock;
    this.#invoke = invoke;
    for (const fn of functions) {
      if (fn.triggerType.toLowerCase() !== 'timertrigger') continue;
      const trigger = fn.bindings[fn.triggerBindingName];
      const schedule = parseTimerSchedule(typeof trigger?.schedule === 'string' ? trigger.schedule : '');
      this.#entries.set(fn.name, {
        fn,
        schedule,
        runOnStartup: trigger?.runOnStartup === true,
        lastOccurrence: undefined,
        running: Promise.resolve(),
      });
    }
  }

  /** Each timer with its schedule and next occurrence (for the admin listing). */
  describe(): { name: string; schedule: string; next: string }[] {
    const now = this.#clock.now();
    return [...this.#entries.values()].map((e) => ({
      name: e.fn.name,
      schedule: e.schedule.expression,
      next: new Date(e.schedule.next(now)).toISOString(),
    }));
  }

  has(functionName: string): boolean {
    return this.#entries.has(functionName);
  }

  start(): void {
    for (const entry of this.#entries.values()) {
      // `AzureWebJobs.<name>.Disabled` (Linux: dots as underscores) turns the trigger off, as in
      // Azure; the function can still be run through the admin API (fireNow).
      if (timerDisabled(entry.fn.name)) continue;
      if (entry.runOnStartup) {
        void this.#fire(entry, this.#clock.now(), false);
      }
      this.#loops.push(this.#loop(entry));
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort(new Error('Timer scheduler stopped'));
    await Promise.allSettled(this.#loops);
    await Promise.allSettled([...this.#entries.values()].map((e) => e.running));
  }

  /** Runs a timer function now, as `POST /admin/functions/{name}` does (not past due). */
  fireNow(functionName: string): Promise<void> {
    const entry = this.#entries.get(functionName);
    if (!entry) return Promise.reject(new Error(`"${functionName}" is not a timer function.`));
    return this.#fire(entry, this.#clock.now(), false, true);
  }

  async #loop(entry: TimerEntry): Promise<void> {
    const signal = this.#abort.signal;
    let next = entry.schedule.next(this.#clock.now());
    while (!signal.aborted) {
      try {
        await this.#clock.sleepUntil(next, signal);
      } catch {
        return;
      }
      if (signal.aborted) return;
      const now = this.#clock.now();
      await this.#fire(entry, next, now - next > pastDueToleranceMs);
      // Occurrences that passed while it ran (or were skipped by an advance) are not replayed one by one.
      next = entry.schedule.next(Math.max(next, this.#clock.now()));
    }
  }

  #fire(entry: TimerEntry, occurrence: number, isPastDue: boolean, rethrow = false): Promise<void> {
    const run = entry.running.then(async () => {
      const now = this.#clock.now();
      const payload: TimerInfoPayload = {
        Schedule: { AdjustForDST: true },
        ScheduleStatus: {
          Last: new Date(entry.lastOccurrence ?? occurrence).toISOString(),
          Next: new Date(entry.schedule.next(Math.max(occurrence, now))).toISOString(),
          LastUpdated: new Date(now).toISOString(),
        },
        IsPastDue: isPastDue,
      };
      entry.lastOccurrence = occurrence;
      hostLog('debug', entry.fn.name, `Timer fired${isPastDue ? ' (past due)' : ''}`);
      try {
        await this.#invoke(entry.fn.name, payload);
      } catch (err) {
        hostLog(
          'error',
          entry.fn.name,
          `Timer invocation failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        if (rethrow) throw err;
      }
    });
    entry.running = run.catch(() => undefined);
    return run;
  }
}

/** Whether the app setting `AzureWebJobs.<name>.Disabled` (or `AzureWebJobs_<name>_Disabled`) is true. */
export function timerDisabled(functionName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[`AzureWebJobs.${functionName}.Disabled`] ?? env[`AzureWebJobs_${functionName}_Disabled`];
  return value !== undefined && ['true', '1'].includes(value.trim().toLowerCase());
}
