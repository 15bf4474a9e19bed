import { z } from '../offer/zod';
import type { FieldIssue } from '../errors';
import { INSTANCES_MAX, MAX_CONCURRENT_MAX } from '../offer/sections/test-drive';
import type { TestDriveFamily, TestDrivePlan } from './testDrivePlan';

/**
 * The publisher's capacity overrides of a published test drive, changed without a new submission:
 * ARM `instances.hot` / `instances.cold` (per region), Dynamics 365 and Logic app `maxConcurrent`.
 * Absent fields keep the published value. They apply to new sessions only: nothing running is
 * ended when a limit is lowered, new starts are refused until the pool is under the new limit.
 */
export const testDriveOverridesSchema = z.strictObject({
  maxConcurrent: z
    .int()
    .min(1)
    .max(MAX_CONCURRENT_MAX)
    .describe('Maximum concurrent sessions (Dynamics 365, Logic app), >= 1')
    .optional(),
  instances: z
    .strictObject({
      hot: z.int().min(0).max(INSTANCES_MAX).describe('Pre-deployed instances per region (ARM)').optional(),
      cold: z.int().min(1).max(INSTANCES_MAX).describe('Total instances per region (ARM), >= hot').optional(),
    })
    .describe('ARM instances per region; hot <= cold')
    .optional(),
});

export type TestDriveOverrides = z.infer<typeof testDriveOverridesSchema>;

/** The capacity values of a published test drive, before overrides. */
export interface PublishedCapacity {
  readonly family: TestDriveFamily;
  readonly maxConcurrent?: number;
  readonly hot?: number;
  readonly cold?: number;
}

/**
 * The rules that need the offer's test drive type (the schema checks ranges): only the fields the
 * type has may be set (Power BI has none), and hot <= cold with the published value standing in
 * for the one not overridden. Pure.
 */
export function overrideIssues(overrides: TestDriveOverrides, published: PublishedCapacity): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const notForType = (pointer: string, field: string): void => {
    issues.push({
      pointer,
      code: 'notForType',
      message: `${field} is not a setting of a ${published.family} test drive`,
    });
  };
  if (
    overrides.maxConcurrent !== undefined &&
    published.family !== 'dynamics365' &&
    published.family !== 'logicApp'
  ) {
    notForType('/maxConcurrent', 'maxConcurrent');
  }
  if (overrides.instances !== undefined) {
    if (published.family !== 'arm') {
      notForType('/instances', 'instances');
    } else {
      const hot = overrides.instances.hot ?? published.hot ?? 0;
      const cold = overrides.instances.cold ?? published.cold ?? 0;
      if (hot > cold) {
        const pointer = overrides.instances.hot !== undefined ? '/instances/hot' : '/instances/cold';
        issues.push({
          pointer,
          code: 'hotExceedsCold',
          message: `instances.hot must be at most instances.cold (${hot} > ${cold})`,
        });
      }
    }
  }
  return issues;
}

/**
 * The plan with the overrides applied: ARM pools take the overridden cold (capacity) and hot
 * counts (hot never above the capacity), the offer pool of Dynamics 365 / Logic app the
 * overridden maxConcurrent. Fields of another type (stored for an earlier version) are ignored. Pure.
 */
export function withOverrides(plan: TestDrivePlan, overrides: TestDriveOverrides | undefined): TestDrivePlan {
  if (!overrides) return plan;
  const pools: Record<string, { capacity: number; hot: number }> = {};
  for (const [name, pool] of Object.entries(plan.pools)) {
    if (plan.family === 'arm' && overrides.instances) {
      const capacity = overrides.instances.cold ?? pool.capacity;
      pools[name] = { capacity, hot: Math.min(overrides.instances.hot ?? pool.hot, capacity) };
    } else if (
      (plan.family === 'dynamics365' || plan.family === 'logicApp') &&
      overrides.maxConcurrent !== undefined
    ) {
      pools[name] = { capacity: overrides.maxConcurrent, hot: 0 };
    } else {
      pools[name] = pool;
    }
  }
  return { ...plan, pools };
}
