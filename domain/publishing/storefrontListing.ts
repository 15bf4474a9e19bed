import type { RetiredMarket } from './retiredMarkets';
import type { OfferSnapshot } from './Submission';

/**
 * An offer as customers see it in the marketplace: only what the listing shows (never the alias,
 * the package URL, lead configuration or anything secret). One per live version and one per
 * preview. `listingId` is `<publisher account>.<offer id>`, the marketplace's app id form: offer
 * ids are unique within an account only.
 */
export interface StorefrontListing {
  readonly listingId: string;
  readonly accountId: string;
  readonly offerId: string;
  readonly submissionId: string;
  /** Live version number (1 for the first publication); 0 for a preview. */
  readonly version: number;
  readonly visibility: 'live' | 'preview';
  readonly publishedAt: string;
  readonly markets: readonly string[];
  /** Markets no longer sold in (live versions): existing customers there keep access. */
  readonly retiredMarkets?: readonly RetiredMarket[];
  /** Only on previews: the key that shows it. Never returned to customers. */
  readonly hideKey?: string;
  readonly offer: Readonly<Record<string, unknown>>;
}

export function listingIdOf(accountId: string, offerId: string): string {
  return `${accountId}.${offerId}`;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};

/** The customer-facing content of a snapshot. Pure. */
export function storefrontOffer(snapshot: OfferSnapshot): Json {
  const listing = obj(snapshot.sections.listing);
  const properties = obj(snapshot.sections.properties);
  const setup = obj(snapshot.sections.setup);
  const testDrive = obj(snapshot.sections['test-drive']);
  const contacts = obj(listing.contacts);
  return {
    name: listing.name ?? snapshot.alias,
    shortDescription: listing.shortDescription,
    description: listing.description,
    searchKeywords: listing.searchKeywords ?? [],
    productsAppWorksWith: listing.productsAppWorksWith ?? [],
    helpLink: listing.helpLink,
    privacyPolicyUrl: listing.privacyPolicyUrl,
    support: contacts.support,
    supportingDocuments: listing.supportingDocuments ?? [],
    images: listing.images ?? {},
    videos: listing.videos ?? [],
    categories: properties.categories ?? [],
    industries: properties.industries ?? [],
    applicableProducts: properties.applicableProducts ?? [],
    appVersion: properties.appVersion,
    termsOfUse: properties.useStandardContract === true ? 'standardContract' : properties.termsOfUse,
    listingType: setup.listingType,
    ...(setup.getItNowUrl ? { getItNowUrl: setup.getItNowUrl } : {}),
    ...(setup.freeTrialUrl ? { freeTrialUrl: setup.freeTrialUrl } : {}),
    testDrive:
      obj(setup.testDrive).enabled === true
        ? { type: obj(setup.testDrive).type, description: obj(testDrive.listing).description }
        : null,
  };
}

/** The markets of a snapshot's availability section. */
export function snapshotMarkets(snapshot: OfferSnapshot): string[] {
  const markets = obj(snapshot.sections.availability).markets;
  return Array.isArray(markets) ? markets.filter((m): m is string => typeof m === 'string') : [];
}

export function snapshotHideKey(snapshot: OfferSnapshot): string | undefined {
  const key = obj(snapshot.sections.availability).hideKey;
  return typeof key === 'string' ? key : undefined;
}

/** What customers receive: the listing without the hide key. */
export function customerView(listing: StorefrontListing): Json {
  return {
    id: listing.listingId,
    offerId: listing.offerId,
    visibility: listing.visibility,
    version: listing.version,
    publishedAt: listing.publishedAt,
    markets: listing.markets,
    ...(listing.retiredMarkets?.length ? { retiredMarkets: listing.retiredMarkets } : {}),
    ...listing.offer,
  };
}
