import type { PoolInstance } from '../../../domain/testdrive/poolInstance';
import { hotSlotHolder } from '../../../domain/testdrive/poolInstance';
import {
  claimOrder,
  decideTopUp,
  deployWasInterrupted,
  POOL_FAILURE_PAUSE_MS,
} from '../../../domain/testdrive/poolTopUp';

const now = new Date('2026-05-01T12:00:00.000Z');
let n = 0;

function instance(over: Partial<PoolInstance> = {}): PoolInstance {
  n += 1;
  return {
    instanceId: `i${n}`,
    listingId: 'acme.drive',
    accountId: 'acme',
    offerId: 'drive',
    submissionId: 'sub-2',
    region: 'westeurope',
    slot: n,
    status: 'ready',
    taskHub: 'hub',
    createdAt: '2026-05-01T11:00:00.000Z',
    deployAttempts: 1,
    readyAt: `2026-05-01T11:${String(n % 60).padStart(2, '0')}:00.000Z`,
    ...over,
  };
}

const target = { hot: 2, capacity: 5, submissionId: 'sub-2' };

describe('decideTopUp', () => {
  it('When a pool is empty, then it deploys up to the hot count', () => {
    expect(decideTopUp(target, [], now)).toEqual({ deploy: 2, retire: [] });
  });

  it('When instances are deploying or ready, then they count towards hot and nothing more is deployed', () => {
    const d = decideTopUp(target, [instance({ status: 'deploying' }), instance()], now);
    expect(d).toEqual({ deploy: 0, retire: [] });
  });

  it('When an instance was handed out or is being deleted, then it no longer counts and a replacement is deployed', () => {
    const d = decideTopUp(
      target,
      [instance({ status: 'assigned' }), instance({ status: 'deleting' }), instance()],
      now,
    );
    expect(d.deploy).toBe(1);
    expect(d.retire).toEqual([]);
  });

  it('When ready instances are of an older version, then they are retired as stale and the live version is deployed', () => {
    const old = instance({ submissionId: 'sub-1' });
    const oldDeploying = instance({ submissionId: 'sub-1', status: 'deploying' });
    const d = decideTopUp(target, [old, oldDeploying], now);
    expect(d.retire).toEqual([{ instance: old, reason: 'stale' }]);
    expect(d.deploy).toBe(2);
  });

  it('When the hot count was lowered, then the newest ready instances above it are retired as surplus', () => {
    const a = instance({ readyAt: '2026-05-01T10:00:00.000Z' });
    const b = instance({ readyAt: '2026-05-01T10:05:00.000Z' });
    const c = instance({ readyAt: '2026-05-01T10:10:00.000Z' });
    const d = decideTopUp({ ...target, hot: 1 }, [a, b, c], now);
    expect(d.deploy).toBe(0);
    expect(d.retire.map((r) => [r.instance.instanceId, r.reason])).toEqual([
      [c.instanceId, 'surplus'],
      [b.instanceId, 'surplus'],
    ]);
  });

  it('When the surplus is still deploying, then nothing is retired yet (the deployment finishes first)', () => {
    const d = decideTopUp({ ...target, hot: 0 }, [instance({ status: 'deploying' })], now);
    expect(d).toEqual({ deploy: 0, retire: [] });
  });

  it('When the offer has no pool any more, then every ready instance is retired and nothing deployed', () => {
    const a = instance();
    const d = decideTopUp(undefined, [a, instance({ status: 'assigned' })], now);
    expect(d).toEqual({ deploy: 0, retire: [{ instance: a, reason: 'stale' }] });
  });

  it('When hot exceeds the capacity, then only the capacity is deployed', () => {
    expect(decideTopUp({ hot: 9, capacity: 3, submissionId: 'sub-2' }, [], now).deploy).toBe(3);
  });

  it('When a deployment failed recently, then the pool waits before deploying again, and deploys after the pause', () => {
    const justNow = new Date(now.getTime() - 1000).toISOString();
    expect(decideTopUp(target, [], now, justNow).deploy).toBe(0);
    const longAgo = new Date(now.getTime() - POOL_FAILURE_PAUSE_MS - 1).toISOString();
    expect(decideTopUp(target, [], now, longAgo).deploy).toBe(2);
  });
});

describe('deployWasInterrupted', () => {
  it('When no attempt was recorded, then the deployment starts; when one was, then it is not resumed', () => {
    expect(deployWasInterrupted({ deployAttempts: 0 })).toBe(false);
    expect(deployWasInterrupted({ deployAttempts: 1 })).toBe(true);
  });
});

describe('claimOrder', () => {
  it('When a session asks, then only ready instances of its region and version are offered, oldest first', () => {
    const newer = instance({ readyAt: '2026-05-01T10:30:00.000Z' });
    const older = instance({ readyAt: '2026-05-01T10:00:00.000Z' });
    const others = [
      instance({ status: 'deploying' }),
      instance({ status: 'assigned' }),
      instance({ status: 'deleting' }),
      instance({ region: 'eastus' }),
      instance({ submissionId: 'sub-1' }),
    ];
    expect(claimOrder([newer, ...others, older], 'westeurope', 'sub-2').map((i) => i.instanceId)).toEqual([
      older.instanceId,
      newer.instanceId,
    ]);
  });
});

describe('hotSlotHolder', () => {
  it('When a hot instance holds a slot, then the holder names the instance', () => {
    expect(hotSlotHolder('abc')).toBe('hot:abc');
  });
});
