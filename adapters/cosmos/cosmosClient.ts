import { CosmosClient, type CosmosClientOptions, type PluginConfig } from '@azure/cosmos';
import { getConfig, type Config } from '../../app/config';
import { azureCredential } from '../identity/azureCredential';
import { cosmosConnectionPolicy, cosmosPlugins } from './cosmosClientOptions';

let client: CosmosClient | undefined;

/**
 * The process's Cosmos DB client, created on first use from the configuration: the account key
 * when COSMOS_KEY is set (the local stand-in), the managed identity otherwise (Azure). One client
 * per process, as the SDK recommends (it holds the connection pool and the partition map).
 */
export function cosmosClient(): CosmosClient {
  client ??= createCosmosClient(getConfig());
  return client;
}

export function createCosmosClient(config: Config): CosmosClient {
  const local = isLoopback(config.COSMOS_ENDPOINT);
  const options: CosmosClientOptions & { plugins: PluginConfig[] } = {
    endpoint: config.COSMOS_ENDPOINT,
    ...(config.COSMOS_KEY ? { key: config.COSMOS_KEY } : { aadCredentials: azureCredential(config) }),
    // Throttle retries, request timeout, safe retries: adapters/cosmos/cosmosClientOptions.ts.
    connectionPolicy: cosmosConnectionPolicy({ singleEndpoint: local }),
    // `plugins` is a supported option the package leaves out of its public type.
    plugins: cosmosPlugins,
  };
  return new CosmosClient(options);
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}
