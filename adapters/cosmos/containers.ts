/**
 * Every Cosmos DB container the app uses, with its partition key: the single list that the
 * repositories, the local set-up and `infra/app/cosmos.bicep` agree on (a unit test compares this
 * list with the Bicep one, both ways). Add a container here and in the Bicep list together.
 *
 * Partition keys are chosen so that each request touches one logical partition: the publisher
 * account for what a publisher lists and edits, the offer for what belongs to one offer.
 */
export interface ContainerDefinition {
  /** Container id in the database named by COSMOS_DATABASE. */
  readonly id: string;
  /** Partition key path, e.g. `/accountId`. */
  readonly partitionKey: `/${string}`;
  /**
   * Default time to live in seconds; -1 turns TTL on with no default (documents that carry a
   * `ttl` expire). Absent: TTL off.
   */
  readonly defaultTtl?: number;
}

export const containers = [
  /** Offers of a publisher account: the draft, its sections and statuses. */
  { id: 'offers', partitionKey: '/accountId' },
  /** Write-only section secrets, encrypted, kept apart from the sections. */
  { id: 'offerSecrets', partitionKey: '/accountId' },
  /** Submissions of an offer, their snapshots and timelines. */
  { id: 'submissions', partitionKey: '/offerId' },
  /**
   * Idempotency-Key records of the publisher API (first response, request fingerprint), per
   * account; each document carries a `ttl` (kept 48 h, at least the 24 h the API promises).
   */
  { id: 'idempotencyKeys', partitionKey: '/accountId', defaultTtl: -1 },
  /** What customers see: each offer's live version, its preview and every version that was live. */
  { id: 'storefront', partitionKey: '/listingId' },
  /** Accepted certification callbacks (by webhook-id), written before the orchestration is told. */
  { id: 'certificationInbox', partitionKey: '/submissionId' },
  /**
   * Test drives of an offer (per listing `<account>.<offer>`): sessions, the capacity slots they
   * hold (one document per slot, created to take it) and ARM hot-pool instances.
   */
  { id: 'testDrives', partitionKey: '/listingId' },
  /** Leads of an offer (test drives, "Contact me") with their delivery state and attempts. */
  { id: 'offerLeads', partitionKey: '/listingId' },
  /**
   * Quota admissions on paid work (test drive starts, contact requests), one ticket document per
   * admission, partitioned by quota key (one customer or one offer); tickets carry a `ttl`.
   */
  { id: 'quotas', partitionKey: '/key', defaultTtl: -1 },
] as const satisfies readonly ContainerDefinition[];

export type ContainerId = (typeof containers)[number]['id'];
