import { testDrivePlanOf, type TestDrivePlan } from '../../domain/testdrive/testDrivePlan';
import { withOverrides } from '../../domain/testdrive/testDriveOverrides';
import { getTestDriveServices } from './getTestDriveServices';
import type { PublishedOffer } from './publishedOffer';

/**
 * THE effective test drive plan of a published version: the plan of its frozen snapshot with the
 * publisher's current capacity overrides applied (ARM hot/cold per region, maxConcurrent), so a
 * change takes effect for new sessions without a new submission. Every reader of capacity or of
 * the hot count (test drive starts, the ARM hot-pool top-up) loads the plan here and nowhere else.
 */
export async function loadTestDrivePlan(
  offer: Pick<PublishedOffer, 'listingId' | 'sections'>,
): Promise<TestDrivePlan | { unavailable: string }> {
  const plan = testDrivePlanOf(offer.sections.setup, offer.sections['test-drive']);
  if ('unavailable' in plan) return plan;
  const { overrides } = await getTestDriveServices();
  return withOverrides(plan, (await overrides.get(offer.listingId)).overrides);
}
