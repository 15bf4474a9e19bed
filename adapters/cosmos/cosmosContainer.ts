import type { Container } from '@azure/cosmos';
import { getConfig } from '../../app/config';
import type { ContainerDefinition } from './containers';
import { cosmosClient } from './cosmosClient';

const ready = new Map<string, Promise<Container>>();

/**
 * The container named by `definition`, in the database named by COSMOS_DATABASE.
 *
 * With an account key (the local stand-in) the database and the container are created on first
 * use if missing, so a fresh stack needs no set-up step. With the managed identity (Azure) they
 * are not: data-plane RBAC cannot create them, and `infra/` deploys them.
 */
export function cosmosContainer(definition: ContainerDefinition): Promise<Container> {
  let container = ready.get(definition.id);
  if (!container) {
    container = openContainer(definition);
    ready.set(definition.id, container);
    // A failed creation is retried on the next call instead of being cached.
    container.catch(() => ready.delete(definition.id));
  }
  return container;
}

async function openContainer(definition: ContainerDefinition): Promise<Container> {
  const config = getConfig();
  const client = cosmosClient();
  if (!config.COSMOS_KEY) return client.database(config.COSMOS_DATABASE).container(definition.id);
  const { database } = await client.databases.createIfNotExists({ id: config.COSMOS_DATABASE });
  const { container } = await database.containers.createIfNotExists({
    id: definition.id,
    partitionKey: { paths: [definition.partitionKey] },
    ...(definition.defaultTtl !== undefined && { defaultTtl: definition.defaultTtl }),
  });
  return container;
}
