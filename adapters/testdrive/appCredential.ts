import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import type { AzureCloudEndpoints, TestDriveAppCredentials } from './TestDriveProvisioner';

const PUBLIC_AUTHORITY = 'https://login.microsoftonline.com';

/**
 * The publisher's app (client credentials) in the publisher's tenant, as @azure/identity signs
 * in with it. Instance discovery is a public-cloud call, so it is off for any other authority
 * host (the Entra stand-in serves the tenant's OpenID metadata itself).
 */
export function appCredential(
  app: TestDriveAppCredentials,
  endpoints: Pick<AzureCloudEndpoints, 'authorityHost'>,
): TokenCredential {
  const authorityHost = endpoints.authorityHost.replace(/\/+$/, '');
  return new ClientSecretCredential(app.tenantId, app.appId, app.appClientSecret, {
    authorityHost,
    disableInstanceDiscovery: authorityHost !== PUBLIC_AUTHORITY,
  });
}
