import type { PoolDeleteReason, PoolInstance } from './poolInstance';

/** What the live plan wants of one region's hot pool now (absent: no pool, e.g. not live or no longer a region). */
export interface PoolTarget {
  readonly hot: number;
  /** The region's total (cold); hot instances count against it. */
  readonly capacity: number;
  /** The live version: only its template is deployed and handed out. */
  readonly submissionId: string;
}

export interface TopUpDecision {
  /** How many new instances to start deploying (each still needs a free slot). */
  readonly deploy: number;
  /** Ready instances to delete without handing them out. */
  readonly retire: readonly {
    instance: PoolInstance;
    reason: Extract<PoolDeleteReason, 'stale' | 'surplus'>;
  }[];
}

/** After a failed deployment a pool waits this long before deploying again (a broken template must not loop). */
export const POOL_FAILURE_PAUSE_MS = 5 * 60_000;

/**
 * One top-up pass of one region, decided from its instances: instances of another version than
 * the live one are retired once ready (an instance still deploying is left to finish first: its
 * orchestration owns it); the live version's deploying and ready instances count towards `hot`;
 * above it the surplus ready ones are retired (when a publisher lowers hot); below it new ones are
 * deployed, unless a deployment failed less than POOL_FAILURE_PAUSE_MS ago. Pure.
 */
export function decideTopUp(
  target: PoolTarget | undefined,
  instances: readonly PoolInstance[],
  now: Date,
  lastFailureAt?: string,
): TopUpDecision {
  const hot = target ? Math.max(0, Math.min(target.hot, target.capacity)) : 0;
  const live = instances.filter((i) => i.status === 'deploying' || i.status === 'ready');
  const current = (i: PoolInstance): boolean =>
    target !== undefined && i.submissionId === target.submissionId;
  const retire: { instance: PoolInstance; reason: 'stale' | 'surplus' }[] = live
    .filter((i) => i.status === 'ready' && !current(i))
    .map((instance) => ({ instance, reason: 'stale' as const }));
  const fresh = live.filter(current);
  const surplus = Math.max(0, fresh.length - hot);
  // Surplus: the newest ready ones go first (the older ones have waited longest to be used).
  const readyNewestFirst = fresh
    .filter((i) => i.status === 'ready')
    .sort((a, b) => (b.readyAt ?? '').localeCompare(a.readyAt ?? ''));
  for (const instance of readyNewestFirst.slice(0, surplus)) retire.push({ instance, reason: 'surplus' });
  const paused =
    lastFailureAt !== undefined && now.getTime() - Date.parse(lastFailureAt) < POOL_FAILURE_PAUSE_MS;
  return { deploy: paused ? 0 : Math.max(0, hot - fresh.length), retire };
}

/**
 * Whether a deploy attempt finds an earlier one was started: then it does not resume it (the
 * earlier attempt's generated password is lost with the process that made it) and the instance is
 * deleted instead, so no resource group is left that nobody will hand out or delete. Pure.
 */
export function deployWasInterrupted(instance: Pick<PoolInstance, 'deployAttempts'>): boolean {
  return instance.deployAttempts > 0;
}

/**
 * The ready instance a session of `submissionId` gets: the oldest ready one of that version in the
 * region (first in, first out), or the others in that order when it is taken by someone else. Pure.
 */
export function claimOrder(
  instances: readonly PoolInstance[],
  region: string,
  submissionId: string,
): PoolInstance[] {
  return instances
    .filter((i) => i.status === 'ready' && i.region === region && i.submissionId === submissionId)
    .sort((a, b) => (a.readyAt ?? '').localeCompare(b.readyAt ?? ''));
}
