import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import type { Config } from '../../app/config';

type AzureCredential = ManagedIdentityCredential | DefaultAzureCredential;

let credential: AzureCredential | undefined;

/**
 * The credential for clients that have no key configured: the user-assigned managed identity
 * when AZURE_CLIENT_ID is set (Azure), otherwise the default chain (a developer's `az login`).
 * One per process, so tokens are cached and shared by every client.
 */
export function azureCredential(config: Pick<Config, 'AZURE_CLIENT_ID'>): AzureCredential {
  credential ??= config.AZURE_CLIENT_ID
    ? new ManagedIdentityCredential({ clientId: config.AZURE_CLIENT_ID })
    : new DefaultAzureCredential();
  return credential;
}
