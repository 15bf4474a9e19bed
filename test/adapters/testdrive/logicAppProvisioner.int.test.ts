import { LogicAppProvisioner } from '../../../adapters/testdrive/logicAppProvisioner';
import type { TestDriveSession } from '../../../adapters/testdrive/TestDriveProvisioner';
import type { ExternalStandIns } from '../../../devhost/standins/externalStandIns';
import { startTestExternalStandIns, testCloudEndpoints } from '../../support/externalStandIns';

const SUB = '11111111-1111-1111-1111-111111111111';
const session = (id: string): TestDriveSession => ({
  sessionId: id,
  offerId: 'contoso-flow',
  durationHours: 2,
  customer: { firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com' },
});

describe('Logic app test drive provisioner against the ARM stand-in (@azure/arm-logic)', () => {
  let s: ExternalStandIns;
  let p: LogicAppProvisioner;

  beforeAll(async () => {
    s = await startTestExternalStandIns();
    p = new LogicAppProvisioner({
      subscriptionId: SUB,
      resourceGroupName: 'td-logic',
      logicAppName: 'assign-td',
      deprovisionLogicAppName: 'remove-td',
      credentials: {
        tenantId: '22222222-2222-2222-2222-222222222222',
        appId: '55555555-5555-5555-5555-555555555555',
        appClientSecret: 'x',
      },
      endpoints: testCloudEndpoints(s),
      pollIntervalMs: 50,
    });
  });
  afterAll(() => s.close());

  const group = `${SUB}/td-logic`.toLowerCase();

  it('When a session is provisioned, then the assign Logic app runs once and its outputs are the access details', async () => {
    const access = await p.provision(session('L1'));
    expect(access.type).toBe('logicApp');
    expect(JSON.parse(access.details.accessInformation as string)).toMatchObject({
      userName: 'testdrive-L1',
    });
    expect(s.arm.logic.assigned()[group]).toEqual(['L1']);
    const runs = s.arm.logic.runs().filter((r) => r.clientTrackingId === 'L1-assign');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.input).toMatchObject({
      action: 'assign',
      sessionId: 'L1',
      offerId: 'contoso-flow',
      durationHours: 2,
    });
  });

  it('When provision is repeated for the same session, then the existing run is reused (still one run)', async () => {
    await p.provision(session('L1'));
    expect(s.arm.logic.runs().filter((r) => r.clientTrackingId === 'L1-assign')).toHaveLength(1);
  });

  it('When the session is deprovisioned, then the deprovision Logic app runs and the assignment is gone', async () => {
    await p.deprovision(session('L1'));
    await p.deprovision(session('L1'));
    expect(s.arm.logic.assigned()[group]).toEqual([]);
    expect(s.arm.logic.runs().filter((r) => r.clientTrackingId === 'L1-deprovision')).toHaveLength(1);
  });

  it('When the assign run fails, then provision throws (not retryable) and a retry starts a new run that succeeds', async () => {
    s.arm.failures.failNext('logicRun', 1);
    await expect(p.provision(session('L2'))).rejects.toMatchObject({ retryable: false });
    await expect(p.provision(session('L2'))).resolves.toMatchObject({ type: 'logicApp' });
    expect(
      s.arm.logic
        .runs()
        .filter((r) => r.clientTrackingId === 'L2-assign')
        .map((r) => r.status),
    ).toEqual(['Failed', 'Succeeded']);
    await p.deprovision(session('L2'));
  });
});
