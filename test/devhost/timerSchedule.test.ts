import { parseTimerSchedule } from '../../devhost/timers/timerSchedule';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function occurrences(schedule: string, fromIso: string, count: number): string[] {
  const parsed = parseTimerSchedule(schedule, {});
  const out: string[] = [];
  let t = at(fromIso);
  for (let i = 0; i < count; i++) {
    t = parsed.next(t);
    out.push(iso(t));
  }
  return out;
}

describe('NCRONTAB timer schedules', () => {
  it('When the expression has six fields, then the first is seconds', () => {
    expect(occurrences('*/15 * * * * *', '2024-01-01T00:00:00Z', 3)).toEqual([
      '2024-01-01T00:00:15.000Z',
      '2024-01-01T00:00:30.000Z',
      '2024-01-01T00:00:45.000Z',
    ]);
    expect(occurrences('0 30 9 * * 1-5', '2024-01-05T10:00:00Z', 2)).toEqual([
      '2024-01-08T09:30:00.000Z',
      '2024-01-09T09:30:00.000Z',
    ]);
  });

  it('When names are used for months and weekdays, then they parse', () => {
    expect(occurrences('0 0 12 * JAN MON', '2024-01-01T13:00:00Z', 1)).toEqual(['2024-01-08T12:00:00.000Z']);
  });

  it('When both day of month and day of week are restricted, then both must match (NCrontab, not cron OR)', () => {
    expect(occurrences('0 0 0 13 * FRI', '2024-01-01T00:00:00Z', 2)).toEqual([
      '2024-09-13T00:00:00.000Z',
      '2024-12-13T00:00:00.000Z',
    ]);
  });

  it('When the time is exactly on an occurrence, then the next one is strictly later', () => {
    expect(occurrences('0 */5 * * * *', '2024-01-01T00:05:00Z', 1)).toEqual(['2024-01-01T00:10:00.000Z']);
  });

  it('When the schedule is a TimeSpan, then it is a constant interval', () => {
    const parsed = parseTimerSchedule('00:05:00', {});
    expect(parsed.kind).toBe('interval');
    expect(parsed.next(1_000) - 1_000).toBe(5 * 60 * 1000);
    expect(parseTimerSchedule('1.02:00:00', {}).next(0)).toBe(26 * 3600 * 1000);
  });

  it('When the schedule names an app setting (%Name%), then the setting supplies it', () => {
    const parsed = parseTimerSchedule('%CLEANUP_SCHEDULE%', { CLEANUP_SCHEDULE: '0 0 3 * * *' });
    expect(iso(parsed.next(at('2024-01-01T04:00:00Z')))).toBe('2024-01-02T03:00:00.000Z');
    expect(() => parseTimerSchedule('%MISSING%', {})).toThrow(/MISSING/);
  });

  it('When the expression is five-field, uses non-NCRONTAB syntax, or is garbage, then it is rejected with a reason', () => {
    expect(() => parseTimerSchedule('*/5 * * * *', {})).toThrow(/expected 6 fields/);
    expect(() => parseTimerSchedule('0 0 0 L * *', {})).toThrow(/not NCRONTAB/);
    expect(() => parseTimerSchedule('a b c d e f', {})).toThrow(/not valid/);
    expect(() => parseTimerSchedule('0 61 * * * *', {})).toThrow(/not valid/);
  });
});
