import { containers } from '../../adapters/cosmos/containers';
import { cosmosContainer } from '../../adapters/cosmos/cosmosContainer';
import { CosmosLeadStore } from '../../adapters/cosmos/cosmosLeadStore';
import { CosmosTestDrivePool } from '../../adapters/cosmos/cosmosTestDrivePool';
import { CosmosQuotaStore } from '../../adapters/cosmos/cosmosQuotaStore';
import { CosmosTestDriveOverrideStore } from '../../adapters/cosmos/cosmosTestDriveOverrideStore';
import { CosmosTestDriveStore } from '../../adapters/cosmos/cosmosTestDriveStore';

export interface TestDriveServices {
  readonly sessions: CosmosTestDriveStore;
  readonly leads: CosmosLeadStore;
  /** The publisher's capacity overrides per offer (same container as the sessions). */
  readonly overrides: CosmosTestDriveOverrideStore;
  /** Quota admissions of paid work (test drive starts, contact requests). */
  readonly quotas: CosmosQuotaStore;
  /** ARM hot pools (same container as the sessions: an instance hands its slot over to a session). */
  readonly pools: CosmosTestDrivePool;
}

let services: Promise<TestDriveServices> | undefined;

/** The process's test drive and lead repositories, wired on first use. */
export function getTestDriveServices(): Promise<TestDriveServices> {
  services ??= open();
  services.catch(() => (services = undefined));
  return services;
}

async function open(): Promise<TestDriveServices> {
  const byId = (id: string) => {
    const definition = containers.find((c) => c.id === id);
    if (definition === undefined) throw new Error(`Container ${id} is not declared`);
    return cosmosContainer(definition);
  };
  // One after the other: concurrent creations of the database race locally.
  const testDrives = await byId('testDrives');
  const leads = await byId('offerLeads');
  const quotas = await byId('quotas');
  const pools = new CosmosTestDrivePool(testDrives);
  return {
    // The store hands out hot instances itself, after taking the customer's marker.
    sessions: new CosmosTestDriveStore(testDrives, pools),
    leads: new CosmosLeadStore(leads),
    overrides: new CosmosTestDriveOverrideStore(testDrives),
    quotas: new CosmosQuotaStore(quotas),
    pools,
  };
}
