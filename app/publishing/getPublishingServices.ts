import { containers } from '../../adapters/cosmos/containers';
import { cosmosContainer } from '../../adapters/cosmos/cosmosContainer';
import { CosmosCertificationInbox } from '../../adapters/cosmos/cosmosCertificationInbox';
import { CosmosIdempotencyStore } from '../../adapters/cosmos/cosmosIdempotencyStore';
import { CosmosOfferPublication } from '../../adapters/cosmos/cosmosOfferPublication';
import { CosmosStorefrontStore } from '../../adapters/cosmos/cosmosStorefrontStore';
import { CosmosSubmissionRepository } from '../../adapters/cosmos/cosmosSubmissionRepository';

export interface PublishingServices {
  readonly submissions: CosmosSubmissionRepository;
  readonly storefront: CosmosStorefrontStore;
  readonly idempotency: CosmosIdempotencyStore;
  readonly inbox: CosmosCertificationInbox;
  readonly offerPublication: CosmosOfferPublication;
}

let services: Promise<PublishingServices> | undefined;

/** The process's publishing repositories, wired on first use. */
export function getPublishingServices(): Promise<PublishingServices> {
  services ??= open();
  services.catch(() => (services = undefined));
  return services;
}

async function open(): Promise<PublishingServices> {
  const byId = (id: string) => {
    const definition = containers.find((c) => c.id === id);
    if (definition === undefined) throw new Error(`Container ${id} is not declared`);
    return cosmosContainer(definition);
  };
  // One after the other: concurrent creations of the database race locally.
  const submissions = await byId('submissions');
  const storefront = await byId('storefront');
  const idempotency = await byId('idempotencyKeys');
  const inbox = await byId('certificationInbox');
  const offers = await byId('offers');
  return {
    submissions: new CosmosSubmissionRepository(submissions),
    storefront: new CosmosStorefrontStore(storefront),
    idempotency: new CosmosIdempotencyStore(idempotency),
    inbox: new CosmosCertificationInbox(inbox),
    offerPublication: new CosmosOfferPublication(offers),
  };
}
