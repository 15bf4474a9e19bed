import { parseWith } from '../../../domain/offer/parseWith';
import { testDrivePlanOf } from '../../../domain/testdrive/testDrivePlan';
import {
  overrideIssues,
  testDriveOverridesSchema,
  withOverrides,
} from '../../../domain/testdrive/testDriveOverrides';

const armPlan = () => {
  const plan = testDrivePlanOf(
    { testDrive: { enabled: true, type: 'azureResourceManager' } },
    { durationHours: 2, regions: ['westeurope', 'eastus'], instances: { hot: 1, cold: 3 } },
  );
  if ('unavailable' in plan) throw new Error(plan.unavailable);
  return plan;
};
const dynamicsPlan = () => {
  const plan = testDrivePlanOf(
    { testDrive: { enabled: true, type: 'dynamics365CustomerEngagement' } },
    { durationHours: 1, maxConcurrent: 5 },
  );
  if ('unavailable' in plan) throw new Error(plan.unavailable);
  return plan;
};

describe('Test drive capacity overrides', () => {
  it('When maxConcurrent is 0, not whole, or an unknown field is sent, then each is a field error', () => {
    // Act
    const zero = parseWith(testDriveOverridesSchema, { maxConcurrent: 0 });
    const half = parseWith(testDriveOverridesSchema, { maxConcurrent: 1.5, instances: { cold: 0 } });
    const unknown = parseWith(testDriveOverridesSchema, { durationHours: 3 });

    // Assert
    expect(zero.ok ? [] : zero.issues.map((i) => i.pointer)).toEqual(['/maxConcurrent']);
    expect(half.ok ? [] : half.issues.map((i) => i.pointer).sort()).toEqual([
      '/instances/cold',
      '/maxConcurrent',
    ]);
    expect(unknown.ok).toBe(false);
  });

  it('When hot exceeds cold (sent or published), then /instances/hot or /instances/cold is refused with hotExceedsCold', () => {
    // Arrange
    const published = { family: 'arm' as const, hot: 1, cold: 3 };

    // Act + Assert
    expect(overrideIssues({ instances: { hot: 4, cold: 3 } }, published)).toEqual([
      expect.objectContaining({ pointer: '/instances/hot', code: 'hotExceedsCold' }),
    ]);
    expect(overrideIssues({ instances: { hot: 4 } }, published)).toEqual([
      expect.objectContaining({ pointer: '/instances/hot', code: 'hotExceedsCold' }),
    ]);
    expect(overrideIssues({ instances: { cold: 0 + 1 } }, { ...published, hot: 2 })).toEqual([
      expect.objectContaining({ pointer: '/instances/cold', code: 'hotExceedsCold' }),
    ]);
    expect(overrideIssues({ instances: { hot: 3, cold: 3 } }, published)).toEqual([]);
    expect(overrideIssues({ instances: { hot: 0 } }, published)).toEqual([]);
  });

  it('When a field of another test drive type is sent, then it is refused with notForType', () => {
    // Act + Assert
    expect(overrideIssues({ maxConcurrent: 2 }, { family: 'arm', hot: 0, cold: 2 })).toEqual([
      expect.objectContaining({ pointer: '/maxConcurrent', code: 'notForType' }),
    ]);
    expect(overrideIssues({ instances: { hot: 1 } }, { family: 'dynamics365', maxConcurrent: 5 })).toEqual([
      expect.objectContaining({ pointer: '/instances', code: 'notForType' }),
    ]);
    expect(overrideIssues({ maxConcurrent: 2 }, { family: 'powerBI' }).map((i) => i.code)).toEqual([
      'notForType',
    ]);
    expect(overrideIssues({ maxConcurrent: 2 }, { family: 'logicApp', maxConcurrent: 5 })).toEqual([]);
  });

  it('When overrides are applied to a plan, then every ARM region gets the new cold and hot, and Dynamics 365 the new maxConcurrent', () => {
    // Act
    const arm = withOverrides(armPlan(), { instances: { cold: 6 } });
    const armBoth = withOverrides(armPlan(), { instances: { hot: 2, cold: 2 } });
    const dynamics = withOverrides(dynamicsPlan(), { maxConcurrent: 1 });

    // Assert
    expect(arm.pools).toEqual({ westeurope: { capacity: 6, hot: 1 }, eastus: { capacity: 6, hot: 1 } });
    expect(armBoth.pools).toEqual({ westeurope: { capacity: 2, hot: 2 }, eastus: { capacity: 2, hot: 2 } });
    expect(dynamics.pools).toEqual({ offer: { capacity: 1, hot: 0 } });
    expect(dynamics.durationHours).toBe(1);
  });

  it('When stored overrides belong to another type (an earlier version), then the plan keeps its published values', () => {
    // Act
    const arm = withOverrides(armPlan(), { maxConcurrent: 1 });
    const dynamics = withOverrides(dynamicsPlan(), { instances: { hot: 1, cold: 1 } });

    // Assert
    expect(arm).toEqual(armPlan());
    expect(dynamics).toEqual(dynamicsPlan());
    expect(withOverrides(armPlan(), undefined)).toEqual(armPlan());
  });
});
