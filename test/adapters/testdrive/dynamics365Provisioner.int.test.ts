import { Dynamics365Provisioner } from '../../../adapters/testdrive/dynamics365Provisioner';
import type { TestDriveSession } from '../../../adapters/testdrive/TestDriveProvisioner';
import type { ExternalStandIns } from '../../../devhost/standins/externalStandIns';
import { LOCAL_POLICY, startTestExternalStandIns } from '../../support/externalStandIns';

const creds = {
  tenantId: '22222222-2222-2222-2222-222222222222',
  appId: '44444444-4444-4444-4444-444444444444',
  appClientSecret: 's3cret',
};
const session = (id: string): TestDriveSession => ({
  sessionId: id,
  offerId: 'contoso-sales',
  customer: { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' },
});

describe('Dynamics 365 test drive provisioner against the Dataverse stand-in', () => {
  let s: ExternalStandIns;
  let p: Dynamics365Provisioner;
  const make = (over: Partial<ConstructorParameters<typeof Dynamics365Provisioner>[0]> = {}) =>
    new Dynamics365Provisioner({
      instanceUrl: 'https://contoso.crm.dynamics.com',
      instanceWebApiUrl: s.dataverse.webApiUrl(),
      roleName: 'Sales Manager',
      tenantName: 'contoso.onmicrosoft.com',
      credentials: creds,
      endpoints: { authorityHost: s.urls.entra },
      policy: LOCAL_POLICY,
      ...over,
    });

  beforeAll(async () => {
    s = await startTestExternalStandIns();
    p = make();
  });
  afterAll(() => s.close());

  it('When a session is provisioned, then a user exists with the named role and the access details name it', async () => {
    const access = await p.provision(session('sess-A1'));
    expect(access).toEqual({
      type: 'dynamics365',
      details: {
        instanceUrl: 'https://contoso.crm.dynamics.com',
        userName: 'testdrive-sess-a1@contoso.onmicrosoft.com',
        role: 'Sales Manager',
      },
    });
    expect(s.dataverse.users()).toContainEqual(
      expect.objectContaining({
        domainname: 'testdrive-sess-a1@contoso.onmicrosoft.com',
        firstname: 'Grace',
        isdisabled: false,
        roles: ['Sales Manager'],
      }),
    );
    expect(s.dataverse.activeUsers()).toBe(1);
  });

  it('When provision is repeated, then there is still one user with one role', async () => {
    await p.provision(session('sess-A1'));
    const users = s.dataverse.users().filter((u) => u.domainname.startsWith('testdrive-sess-a1@'));
    expect(users).toHaveLength(1);
    expect(users[0]?.roles).toEqual(['Sales Manager']);
  });

  it('When the session is deprovisioned (twice), then the user has no role and is disabled', async () => {
    await p.deprovision(session('sess-A1'));
    await p.deprovision(session('sess-A1'));
    expect(s.dataverse.users().find((u) => u.domainname.startsWith('testdrive-sess-a1@'))).toMatchObject({
      isdisabled: true,
      roles: [],
    });
    expect(s.dataverse.activeUsers()).toBe(0);
  });

  it('When the role does not exist, then provision fails without retry and creates no user', async () => {
    await expect(make({ roleName: 'No Such Role' }).provision(session('sess-B'))).rejects.toMatchObject({
      retryable: false,
    });
    expect(s.dataverse.users().some((u) => u.domainname.startsWith('testdrive-sess-b@'))).toBe(false);
  });

  it('When assigning the role fails half-way, then a retry completes it and deprovision cleans up', async () => {
    s.dataverse.failures.failNext('associateRole', 1, { mode: 'status', status: 503 });
    await expect(p.provision(session('sess-C'))).rejects.toMatchObject({ status: 503, retryable: true });
    await p.provision(session('sess-C'));
    expect(s.dataverse.users().filter((u) => u.domainname.startsWith('testdrive-sess-c@'))).toEqual([
      expect.objectContaining({ roles: ['Sales Manager'] }),
    ]);
    await p.deprovision(session('sess-C'));
    expect(s.dataverse.activeUsers()).toBe(0);
  });

  it('When the Web API URL points at a private address, then the call is refused before any request', async () => {
    await expect(
      make({ instanceWebApiUrl: 'https://10.0.0.5/api/data/v9.2' }).provision(session('sess-D')),
    ).rejects.toMatchObject({ name: 'UnsafeUrlError' });
  });

  it('When the Web API URL is the loopback stand-in but loopback is not allowed, then it is refused', async () => {
    await expect(make({ policy: { allowLoopback: false } }).provision(session('sess-E'))).rejects.toThrow(
      /loopback/,
    );
  });
});
