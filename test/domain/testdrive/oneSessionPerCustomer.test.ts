import { judgeMarker, START_CUT_OFF_MS } from '../../../domain/testdrive/oneSessionPerCustomer';
import type { SessionStatus, TestDriveSession } from '../../../domain/testdrive/TestDriveSession';

const takenAt = '2031-03-01T10:00:00.000Z';
const T0 = Date.parse(takenAt);
const marker = { sessionId: 's-1', takenAt };
const holder = (status: SessionStatus) => ({ sessionId: 's-1', status }) as unknown as TestDriveSession;

describe('judgeMarker', () => {
  it.each(['provisioning', 'active', 'ending'] as const)(
    'When the marker names a session that is %s, then the start is refused with that session',
    (status) => {
      expect(judgeMarker(marker, holder(status), T0 + 10 * 3_600_000)).toEqual({
        alreadyActive: holder(status),
      });
    },
  );

  it.each(['ended', 'failed'] as const)(
    'When the marker names a session that has %s, then it is taken over at once',
    (status) => {
      expect(judgeMarker(marker, holder(status), T0)).toBe('takeOver');
    },
  );

  it('When the marker names no stored session, then a start within the cut-off is told to retry when it passes, and one after it takes over', () => {
    expect(judgeMarker(marker, undefined, T0)).toEqual({
      alreadyStarting: { retryAfterSeconds: START_CUT_OFF_MS / 1000 },
    });
    expect(judgeMarker(marker, undefined, T0 + START_CUT_OFF_MS - 1500)).toEqual({
      alreadyStarting: { retryAfterSeconds: 2 },
    });
    expect(judgeMarker(marker, undefined, T0 + START_CUT_OFF_MS - 1)).toEqual({
      alreadyStarting: { retryAfterSeconds: 1 },
    });
    expect(judgeMarker(marker, undefined, T0 + START_CUT_OFF_MS)).toBe('takeOver');
  });

  it('When the marker was stamped by a clock ahead of this one, then the wait asked for is at most the cut-off; an unreadable stamp is taken over', () => {
    expect(judgeMarker(marker, undefined, T0 - 3_600_000)).toEqual({
      alreadyStarting: { retryAfterSeconds: START_CUT_OFF_MS / 1000 },
    });
    expect(judgeMarker({ sessionId: 's-1', takenAt: 'not a time' }, undefined, T0)).toBe('takeOver');
  });
});
