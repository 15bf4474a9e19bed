/**
 * Where the assets storage account of the integration tests is: the Azurite that the shared
 * jest globalSetup starts (HTTPS, `--oauth basic`), given through the same app settings the
 * host reads.
 */
export interface AssetsStorageSettings {
  readonly connectionString: string;
  /** Account URL, e.g. https://127.0.0.1:10000/devstoreaccount1 */
  readonly blobEndpoint: string;
}

export function assetsStorageSettings(env: NodeJS.ProcessEnv = process.env): AssetsStorageSettings {
  const connectionString = env.ASSETS_STORAGE_CONNECTION_STRING;
  const blobEndpoint = env.ASSETS_BLOB_ENDPOINT;
  if (!connectionString || !blobEndpoint) {
    throw new Error('ASSETS_STORAGE_CONNECTION_STRING and ASSETS_BLOB_ENDPOINT must point at Azurite');
  }
  return { connectionString, blobEndpoint };
}
