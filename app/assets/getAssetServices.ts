import { AssetStore } from '../../adapters/blob/assetStore';
import { blobServiceClient } from '../../adapters/blob/blobServiceClient';
import { containers } from '../../adapters/cosmos/containers';
import { cosmosContainer } from '../../adapters/cosmos/cosmosContainer';
import { CosmosAssetRepository } from '../../adapters/cosmos/cosmosAssetRepository';
import { getConfig } from '../config';

export interface AssetServices {
  readonly repository: CosmosAssetRepository;
  readonly blobs: AssetStore;
}

let services: Promise<AssetServices> | undefined;

/**
 * The process's asset repository and blob store, wired on first use. With a storage connection
 * string (Azurite) the blob containers are created if missing; in Azure `infra/` creates them
 * and the app's identity could not.
 */
export function getAssetServices(): Promise<AssetServices> {
  services ??= open();
  services.catch(() => (services = undefined));
  return services;
}

async function open(): Promise<AssetServices> {
  const byId = (id: string) => {
    const definition = containers.find((c) => c.id === id);
    if (definition === undefined) throw new Error(`Container ${id} is not declared`);
    return cosmosContainer(definition);
  };
  const [offers, submissions] = await Promise.all([byId('offers'), byId('submissions')]);
  const blobs = new AssetStore(blobServiceClient());
  if (getConfig().ASSETS_STORAGE_CONNECTION_STRING) await blobs.ensureContainers();
  return { repository: new CosmosAssetRepository(offers, submissions), blobs };
}
