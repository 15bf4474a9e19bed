import { ArmProvisioner } from '../../adapters/testdrive/armProvisioner';
import { Dynamics365Provisioner } from '../../adapters/testdrive/dynamics365Provisioner';
import { LogicAppProvisioner } from '../../adapters/testdrive/logicAppProvisioner';
import { PowerBIProvisioner } from '../../adapters/testdrive/powerBIProvisioner';
import type { TestDriveAppCredentials, TestDriveProvisioner } from '../../adapters/testdrive/TestDriveProvisioner';
import { ExternalServiceError } from '../../adapters/net/ExternalServiceError';
import { familyOf } from '../../domain/testdrive/testDrivePlan';
import type { TestDriveType } from '../../domain/offer/sections/setup';
import { getOfferStore } from '../authoring/getOfferStore';
import { getConfig } from '../config';
import { publishedVersion } from './publishedOffer';
import { readArmTemplate } from './readArmTemplate';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The provisioner for a published version's test drive, built inside the activity that uses it:
 * the configuration comes from the version's snapshot, the app client secret from the secret
 * store (it never travels through orchestration inputs or outputs, and is never logged).
 * The secret is the offer's current one: secrets are kept per offer, not per version, so a
 * publisher who rotates the client secret fixes running test drives without a new submission.
 */
export async function provisionerFor(ref: { accountId: string; offerId: string; submissionId: string }): Promise<{ provisioner: TestDriveProvisioner; type: TestDriveType }> {
  const offer = await publishedVersion(ref.accountId, ref.offerId, ref.submissionId);
  if (!offer) throw new ExternalServiceError('test-drive', `published version ${ref.submissionId} not found`, false);
  const type = obj(obj(offer.sections.setup).testDrive).type as TestDriveType;
  const td = obj(offer.sections['test-drive']);
  const family = familyOf(type);
  if (family === 'powerBI') return { type, provisioner: new PowerBIProvisioner({ embedUrl: str(td.embedUrl) }) };

  const config = getConfig();
  const endpoints = { authorityHost: config.ENTRA_AUTHORITY_HOST, resourceManager: config.ARM_ENDPOINT };
  const subscription = obj(td.subscription);
  const secrets = await (await getOfferStore()).revealSectionSecrets(ref.accountId, ref.offerId, 'test-drive');
  const appClientSecret = secrets['/subscription/appClientSecret'];
  if (!appClientSecret) throw new ExternalServiceError('test-drive', 'the deployment subscription has no app client secret', false);
  const credentials: TestDriveAppCredentials = { tenantId: str(subscription.tenantId), appId: str(subscription.appId), appClientSecret };

  switch (family) {
    case 'dynamics365':
      return {
        type,
        provisioner: new Dynamics365Provisioner({
          instanceUrl: str(td.instanceUrl),
          instanceWebApiUrl: str(td.instanceWebApiUrl),
          roleName: str(td.roleName),
          tenantName: str(subscription.tenantName),
          credentials,
          endpoints,
          policy: { allowLoopback: config.OUTBOUND_ALLOW_LOOPBACK },
        }),
      };
    case 'logicApp':
      return {
        type,
        provisioner: new LogicAppProvisioner({
          subscriptionId: str(subscription.azureSubscriptionId),
          resourceGroupName: str(td.resourceGroupName),
          logicAppName: str(td.logicAppName),
          deprovisionLogicAppName: str(td.deprovisionLogicAppName),
          credentials,
          endpoints,
          pollIntervalMs: 250,
        }),
      };
    default:
      return {
        type,
        provisioner: new ArmProvisioner({
          subscriptionId: str(subscription.azureSubscriptionId),
          credentials,
          endpoints,
          template: await readArmTemplate(ref.accountId, str(td.template)),
        }),
      };
  }
}
