import type { TestDriveOverrides } from './testDriveOverrides';

/** The overrides stored for one offer, with their version. */
export interface StoredOverrides {
  readonly overrides: TestDriveOverrides;
  /** Strong ETag of the stored document; NO_OVERRIDES_ETAG while nothing was ever stored. */
  readonly etag: string;
  readonly revision: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/** The ETag of an offer without stored overrides: a write with it creates them (once). */
export const NO_OVERRIDES_ETAG = '"0"';

/** Per offer (listing `<account>.<offer>`): the publisher's test drive capacity overrides. */
export interface TestDriveOverrideStore {
  get(listingId: string): Promise<StoredOverrides>;
  /** Replaces the overrides if `ifMatch` is the stored version's ETag; `stale` otherwise. */
  put(
    listingId: string,
    overrides: TestDriveOverrides,
    ifMatch: string,
    by: string,
    at: string,
  ): Promise<StoredOverrides | 'stale'>;
}
