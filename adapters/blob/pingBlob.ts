import { blobServiceClient } from './blobServiceClient';

/** A cheap authenticated round trip to Blob Storage: lists at most one container. */
export async function pingBlob(): Promise<void> {
  await blobServiceClient().listContainers().byPage({ maxPageSize: 1 }).next();
}
