import type { PoolTarget } from '../../domain/testdrive/poolTopUp';
import { testDrivePlanOf } from '../../domain/testdrive/testDrivePlan';
import type { ReserveResult } from '../../domain/testdrive/testDriveStore';
import type { TestDriveSession } from '../../domain/testdrive/TestDriveSession';
import { getPublishingServices } from '../publishing/getPublishingServices';
import { getTestDriveServices } from './getTestDriveServices';
import { loadTestDrivePlan } from './loadTestDrivePlan';
import { findPublishedOffer } from './publishedOffer';

/**
 * Registers the hot pools of an ARM test drive version going live: one `pool:<region>` document
 * per region, owned by `taskHub` (the app whose top-up timer fills it; another app or test host
 * on the same database leaves it alone). No counts are stored: every top-up pass reads them from
 * the live plan. Other test drive types (and offers without a test drive) register nothing.
 */
export async function registerTestDrivePools(
  ref: { accountId: string; offerId: string; submissionId: string },
  taskHub: string,
  now: Date,
): Promise<string[]> {
  const { submissions } = await getPublishingServices();
  const submission = await submissions.get(ref.accountId, ref.offerId, ref.submissionId);
  if (!submission) return [];
  const plan = testDrivePlanOf(
    submission.snapshot.sections.setup,
    submission.snapshot.sections['test-drive'],
  );
  if ('unavailable' in plan || plan.family !== 'arm') return [];
  const { pools } = await getTestDriveServices();
  const regions = Object.keys(plan.pools);
  for (const region of regions) {
    await pools.register({
      listingId: `${ref.accountId}.${ref.offerId}`,
      accountId: ref.accountId,
      offerId: ref.offerId,
      region,
      taskHub,
      registeredAt: now.toISOString(),
    });
  }
  return regions;
}

/**
 * What the live version wants of each region's hot pool now: hot count and capacity from THE
 * plan loader (`loadTestDrivePlan`, with the publisher's overrides), so an override applies on the
 * next pass. Empty when the offer is not live or has no ARM test drive any more.
 */
export async function livePoolTargets(listingId: string): Promise<Map<string, PoolTarget>> {
  const targets = new Map<string, PoolTarget>();
  const offer = await findPublishedOffer(listingId, null);
  if (!offer || offer.visibility !== 'live') return targets;
  const plan = await loadTestDrivePlan(offer);
  if ('unavailable' in plan || plan.family !== 'arm') return targets;
  for (const [region, pool] of Object.entries(plan.pools)) {
    targets.set(region, { hot: pool.hot, capacity: pool.capacity, submissionId: offer.submissionId });
  }
  return targets;
}

/**
 * Takes capacity for a new session: an ARM session first asks for a ready hot instance of its
 * region and version (it takes over the instance's slot), else a free slot as before (deployed
 * cold). The customer's one-session-per-offer marker is taken before either (the store's
 * `reserve`), so the hot path obeys the rule too. Refusals (full, already active or starting)
 * come from the store.
 */
export async function reserveTestDrive(
  session: Omit<TestDriveSession, 'slot'>,
  capacity: number,
  hotPool: boolean,
): Promise<ReserveResult> {
  const { sessions } = await getTestDriveServices();
  return sessions.reserve(session, capacity, { hotPool });
}
