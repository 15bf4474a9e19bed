import { cosmosClient } from './cosmosClient';

/** A cheap round trip to Cosmos DB: reads the database account (no RU-charged operation). */
export async function pingCosmos(): Promise<void> {
  await cosmosClient().getDatabaseAccount();
}
