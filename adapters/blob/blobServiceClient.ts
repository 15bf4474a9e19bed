import { BlobServiceClient } from '@azure/storage-blob';
import { getConfig, type Config } from '../../app/config';
import { azureCredential } from '../identity/azureCredential';

let client: BlobServiceClient | undefined;

/**
 * The process's client for the assets storage account, created on first use: the shared-key
 * connection string when ASSETS_STORAGE_CONNECTION_STRING is set (Azurite), the managed identity
 * on ASSETS_BLOB_ENDPOINT otherwise (Azure, where shared keys are off). Azurite runs over HTTPS
 * locally so that user delegation SAS works as in Azure; its certificate is trusted through
 * NODE_EXTRA_CA_CERTS, never by turning checks off.
 */
export function blobServiceClient(): BlobServiceClient {
  client ??= createBlobServiceClient(getConfig());
  return client;
}

export function createBlobServiceClient(config: Config): BlobServiceClient {
  if (config.ASSETS_STORAGE_CONNECTION_STRING) {
    return BlobServiceClient.fromConnectionString(config.ASSETS_STORAGE_CONNECTION_STRING);
  }
  return new BlobServiceClient(config.ASSETS_BLOB_ENDPOINT, azureCredential(config));
}
