import { DataverseWebApi, odataString } from '../dataverse/DataverseWebApi';
import { ExternalServiceError } from '../net/ExternalServiceError';
import type { OutboundPolicy } from '../net/safeUrl';
import { appCredential } from './appCredential';
import type {
  AzureCloudEndpoints,
  TestDriveAccess,
  TestDriveAppCredentials,
  TestDriveProvisioner,
  TestDriveSession,
} from './TestDriveProvisioner';

export interface Dynamics365ProvisionerConfig {
  /** Where the customer begins the test drive. */
  instanceUrl: string;
  /** Web API service root, e.g. https://contoso.crm.dynamics.com/api/data/v9.2 */
  instanceWebApiUrl: string;
  /** Security role given to the test drive user, by name. */
  roleName: string;
  /** Tenant domain the users are made in, e.g. contoso.onmicrosoft.com */
  tenantName: string;
  credentials: TestDriveAppCredentials;
  endpoints: Pick<AzureCloudEndpoints, 'authorityHost'>;
  policy: OutboundPolicy;
}

interface UserRow {
  systemuserid: string;
  isdisabled: boolean;
}

const SERVICE = 'dataverse';

/**
 * Dynamics 365 (Customer Engagement, and the other Dataverse-based apps) test drives through the
 * Dataverse Web API: a system user per session (`testdrive-<session>@<tenantName>`) in the root
 * business unit, given the security role named in the offer; deprovisioning removes the role and
 * disables the user (Dataverse never deletes system users; a disabled user frees its licence).
 * Idempotent: the user is found by its domain name before anything is created or removed.
 * Creating the matching Microsoft Entra user (Microsoft Graph) is not part of this adapter.
 */
export class Dynamics365Provisioner implements TestDriveProvisioner {
  private readonly api: DataverseWebApi;

  constructor(private readonly config: Dynamics365ProvisionerConfig) {
    this.api = new DataverseWebApi({
      webApiUrl: config.instanceWebApiUrl,
      credential: appCredential(config.credentials, config.endpoints),
      policy: config.policy,
      service: SERVICE,
    });
  }

  userName(session: Pick<TestDriveSession, 'sessionId'>): string {
    return `testdrive-${session.sessionId
      .replace(/[^A-Za-z0-9-]/g, '')
      .toLowerCase()
      .slice(0, 40)}@${this.config.tenantName}`;
  }

  async provision(session: TestDriveSession): Promise<TestDriveAccess> {
    const domainname = this.userName(session);
    const [businessUnitId] = (
      await this.api.list<{ businessunitid: string }>(
        'businessunits?$select=businessunitid&$filter=parentbusinessunitid eq null',
      )
    ).map((b) => b.businessunitid);
    if (!businessUnitId)
      throw new ExternalServiceError(SERVICE, 'the environment has no root business unit', false);
    const roles = await this.api.list<{ roleid: string }>(
      `roles?$select=roleid,name&$filter=name eq ${odataString(this.config.roleName)} and _businessunitid_value eq ${businessUnitId}`,
    );
    const roleId = roles[0]?.roleid;
    if (!roleId)
      throw new ExternalServiceError(SERVICE, `no security role named "${this.config.roleName}"`, false);

    let user = await this.findUser(domainname);
    if (!user) {
      const res = await this.api.call('POST', 'systemusers', {
        domainname,
        firstname: session.customer.firstName,
        lastname: session.customer.lastName,
        internalemailaddress: session.customer.email,
        'businessunitid@odata.bind': `/businessunits(${businessUnitId})`,
      });
      user = { systemuserid: DataverseWebApi.entityId(res), isdisabled: false };
    } else if (user.isdisabled) {
      await this.api.call('PATCH', `systemusers(${user.systemuserid})`, { isdisabled: false });
    }
    const held = await this.api.list<{ roleid: string }>(
      `systemusers(${user.systemuserid})/systemuserroles_association?$select=roleid`,
    );
    if (!held.some((r) => r.roleid.toLowerCase() === roleId.toLowerCase())) {
      await this.api.call('POST', `systemusers(${user.systemuserid})/systemuserroles_association/$ref`, {
        '@odata.id': `${this.config.instanceWebApiUrl.replace(/\/+$/, '')}/roles(${roleId})`,
      });
    }
    return {
      type: 'dynamics365',
      details: { instanceUrl: this.config.instanceUrl, userName: domainname, role: this.config.roleName },
    };
  }

  async deprovision(session: TestDriveSession): Promise<void> {
    const user = await this.findUser(this.userName(session));
    if (!user) return;
    const held = await this.api.list<{ roleid: string }>(
      `systemusers(${user.systemuserid})/systemuserroles_association?$select=roleid`,
    );
    for (const r of held) {
      await this.api.call(
        'DELETE',
        `systemusers(${user.systemuserid})/systemuserroles_association(${r.roleid})/$ref`,
        undefined,
        [404],
      );
    }
    if (!user.isdisabled)
      await this.api.call('PATCH', `systemusers(${user.systemuserid})`, { isdisabled: true });
  }

  private async findUser(domainname: string): Promise<UserRow | undefined> {
    const rows = await this.api.list<UserRow>(
      `systemusers?$select=systemuserid,isdisabled&$filter=domainname eq ${odataString(domainname)}`,
    );
    return rows[0];
  }
}
