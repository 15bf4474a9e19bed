import type { TestDriveType } from '../offer/sections/setup';
import { familyOf, type TestDriveFamily } from '../offer/sections/test-drive';

// How a test drive is provisioned follows its family (one provisioner each), defined with the
// section's rules.
export { familyOf, type TestDriveFamily };

/**
 * What the live (or preview) version of an offer says about its test drive, read from the frozen
 * snapshot: the type, how long a session lasts, and how many sessions may run at once per pool
 * (a pool is an ARM region, or the whole offer for the other types).
 */
export interface TestDrivePlan {
  readonly type: TestDriveType;
  readonly family: TestDriveFamily;
  readonly durationHours: number;
  /** Pools and their capacity: ARM regions (capacity = cold, the total per region), else one pool `offer`. */
  readonly pools: Readonly<Record<string, { capacity: number; hot: number }>>;
}

/** Power BI has no duration in the SPEC: an embed-link session is closed after this many hours. */
export const POWER_BI_SESSION_HOURS = 1;
/** Power BI has no maxConcurrent in the SPEC (an embed link costs nothing per session). */
export const POWER_BI_CAPACITY = 1000;
/** The single pool name of every type but ARM. */
export const OFFER_POOL = 'offer';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
const positiveInt = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;

/**
 * The plan of a snapshot's setup and test-drive sections, or why there is none (test drive
 * disabled, or a field the type needs is missing: a published snapshot was complete, so this only
 * happens for data written by hand). Pure.
 */
export function testDrivePlanOf(
  setupSection: unknown,
  testDriveSection: unknown,
): TestDrivePlan | { unavailable: string } {
  const testDrive = obj(obj(setupSection).testDrive);
  if (testDrive.enabled !== true) return { unavailable: 'This offer has no test drive.' };
  const type = testDrive.type as TestDriveType | undefined;
  if (typeof type !== 'string') return { unavailable: 'The test drive type is not set.' };
  const family = familyOf(type);
  const section = obj(testDriveSection);
  const durationHours = family === 'powerBI' ? POWER_BI_SESSION_HOURS : positiveInt(section.durationHours);
  if (durationHours === undefined) return { unavailable: 'The test drive has no duration.' };
  const pools: Record<string, { capacity: number; hot: number }> = {};
  if (family === 'arm') {
    const instances = obj(section.instances);
    const cold = positiveInt(instances.cold);
    const hot = typeof instances.hot === 'number' ? Math.min(instances.hot, cold ?? 0) : 0;
    const regions = Array.isArray(section.regions)
      ? section.regions.filter((r): r is string => typeof r === 'string')
      : [];
    if (!cold || regions.length === 0) return { unavailable: 'The test drive has no regions or instances.' };
    for (const region of regions) pools[region] = { capacity: cold, hot };
  } else if (family === 'powerBI') {
    pools[OFFER_POOL] = { capacity: POWER_BI_CAPACITY, hot: 0 };
  } else {
    const max = positiveInt(section.maxConcurrent);
    if (!max) return { unavailable: 'The test drive has no maxConcurrent.' };
    pools[OFFER_POOL] = { capacity: max, hot: 0 };
  }
  return { type, family, durationHours, pools };
}

/** The pool a request goes to: the asked region for ARM (the first region when none is asked), else the offer pool. */
export function poolFor(
  plan: TestDrivePlan,
  region: string | undefined,
): string | { unknownRegion: string[] } {
  if (plan.family !== 'arm') return OFFER_POOL;
  const regions = Object.keys(plan.pools);
  if (region === undefined) return regions[0] as string;
  return regions.includes(region) ? region : { unknownRegion: regions };
}
