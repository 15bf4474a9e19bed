import { containers } from '../../adapters/cosmos/containers';
import { cosmosContainer } from '../../adapters/cosmos/cosmosContainer';
import { CosmosOfferStore } from '../../adapters/cosmos/cosmosOfferStore';
import { aesGcmSecretStore } from '../../adapters/secrets/secretStore';
import { getConfig } from '../config';

let store: Promise<CosmosOfferStore> | undefined;

/** The process's authoring store, wired on first use (containers opened once, then reused). */
export function getOfferStore(): Promise<CosmosOfferStore> {
  store ??= openStore();
  // A failed start (e.g. the database unreachable) is retried on the next request.
  store.catch(() => (store = undefined));
  return store;
}

async function openStore(): Promise<CosmosOfferStore> {
  const byId = (id: string) => {
    const definition = containers.find((c) => c.id === id);
    if (definition === undefined) throw new Error(`Container ${id} is not declared`);
    return cosmosContainer(definition);
  };
  // One after the other: opening both at once races two creations of the database locally.
  const offers = await byId('offers');
  const secrets = await byId('offerSecrets');
  return new CosmosOfferStore(offers, secrets, aesGcmSecretStore(getConfig().SECRETS_ENCRYPTION_KEY));
}
