import { CronExpressionParser } from 'cron-parser';

/** When a timer trigger fires next, after a given instant (epoch ms, host clock). */
export interface TimerSchedule {
  readonly kind: 'cron' | 'interval';
  readonly expression: string;
  next(afterMs: number): number;
}

const timeSpanPattern = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/;

/**
 * Parses a timer trigger's `schedule` as the Functions timer extension does:
 * - `%Name%` is replaced by the app setting `Name` (an environment variable here);
 * - a six-field NCRONTAB expression (`{second} {minute} {hour} {day} {month} {day-of-week}`), in UTC
 *   (or the IANA zone in WEBSITE_TIME_ZONE); when both day and day-of-week are restricted, both must
 *   match (NCrontab semantics, unlike classic cron's "either");
 * - a TimeSpan `[d.]hh:mm[:ss]`: a constant interval between runs.
 * Throws with the reason when the schedule is not valid.
 */
export function parseTimerSchedule(schedule: string, env: NodeJS.ProcessEnv = process.env): TimerSchedule {
  const expression = resolveSetting(schedule.trim(), env);
  const timeSpan = timeSpanPattern.exec(expression);
  if (timeSpan) {
    const [, days, hours, minutes, seconds] = timeSpan;
    const intervalMs =
      (((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds ?? 0)) * 1000;
    if (intervalMs <= 0) throw new Error(`Timer schedule "${schedule}": the interval must be positive.`);
    return { kind: 'interval', expression, next: (afterMs) => afterMs + intervalMs };
  }
  return cronSchedule(schedule, expression, env);
}

function resolveSetting(schedule: string, env: NodeJS.ProcessEnv): string {
  const setting = /^%([^%]+)%$/.exec(schedule);
  if (!setting) return schedule;
  const name = setting[1] as string;
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(`Timer schedule refers to app setting "${name}", which is not set.`);
  }
  return value.trim();
}

function cronSchedule(original: string, expression: string, env: NodeJS.ProcessEnv): TimerSchedule {
  const fields = expression.split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(
      `Timer schedule "${original}" is not a valid NCRONTAB expression: expected 6 fields ` +
        `({second} {minute} {hour} {day} {month} {day-of-week}), got ${fields.length}.`,
    );
  }
  if (fields.some((f) => /[LH#W]/i.test(f.replace(/[a-z]{3}/gi, (name) => (isName(name) ? '0' : name))))) {
    throw new Error(`Timer schedule "${original}": L, W, # and H are not NCRONTAB syntax.`);
  }
  const tz = env.WEBSITE_TIME_ZONE?.trim() || 'UTC';
  // Validate once up front so a bad schedule fails at startup, not at its first occurrence.
  try {
    CronExpressionParser.parse(expression, { currentDate: new Date(0), tz });
  } catch (err) {
    throw new Error(
      `Timer schedule "${original}" is not valid: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
  const [, , , day, , dayOfWeek] = fields;
  const bothDays = day !== '*' && day !== '?' && dayOfWeek !== '*' && dayOfWeek !== '?';
  return {
    kind: 'cron',
    expression,
    next: (afterMs) => {
      const iterator = CronExpressionParser.parse(expression, { currentDate: new Date(afterMs), tz });
      // cron-parser ORs day and day-of-week when both are restricted; NCrontab requires both.
      const dayMatcher = bothDays ? dayMatcherFor(day as string, dayOfWeek as string, tz) : undefined;
      for (let i = 0; i < 10_000; i++) {
        const candidate = iterator.next().getTime();
        if (!dayMatcher || dayMatcher(candidate)) return candidate;
      }
      throw new Error(`Timer schedule "${original}" has no occurrence in a reasonable time.`);
    },
  };
}

const names = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
function isName(token: string): boolean {
  const upper = token.toUpperCase();
  return names.includes(upper) || dayNames.includes(upper);
}

/**
 * A predicate "this instant's day of month is in `dayField` and its weekday in `dayOfWeekField`",
 * built by asking cron-parser for those fields with every other field open (so list/range/step/name
 * syntax is parsed in one place).
 */
function dayMatcherFor(dayField: string, dayOfWeekField: string, tz: string): (ms: number) => boolean {
  const days = CronExpressionParser.parse(`0 0 0 ${dayField} * *`, { tz }).fields.dayOfMonth.values;
  const weekdays = CronExpressionParser.parse(`0 0 0 * * ${dayOfWeekField}`, { tz }).fields.dayOfWeek.values;
  const allowedDays = new Set<number>(days.map(Number));
  // 7 is Sunday too.
  const allowedWeekdays = new Set<number>(weekdays.map((d) => Number(d) % 7));
  const format = new Intl.DateTimeFormat('en-US', { timeZone: tz, day: 'numeric', weekday: 'short' });
  return (ms: number) => {
    const parts = format.formatToParts(new Date(ms));
    const day = Number(parts.find((p) => p.type === 'day')?.value);
    const weekday = dayNames.indexOf((parts.find((p) => p.type === 'weekday')?.value ?? '').toUpperCase());
    return allowedDays.has(day) && allowedWeekdays.has(weekday);
  };
}
