import { timingSafeEqual } from 'node:crypto';
import type { SectionName } from '../../domain/offer/sectionNames';
import { getPublishingServices } from '../publishing/getPublishingServices';

/**
 * A published version of an offer as test drives and leads need it: the storefront listing
 * (live, or the preview with its hide key) and the frozen snapshot of the submission that made
 * it, which holds the test drive and lead configuration the storefront does not show.
 */
export interface PublishedOffer {
  readonly listingId: string;
  readonly accountId: string;
  readonly offerId: string;
  readonly submissionId: string;
  readonly visibility: 'live' | 'preview';
  readonly offerTitle: string;
  readonly sections: Partial<Record<SectionName, Record<string, unknown>>>;
}

/**
 * The live version of `listingId`, or its preview when `hideKey` is the preview's key (as the
 * storefront shows it). Undefined when customers cannot see the offer.
 */
export async function findPublishedOffer(listingId: string, hideKey: string | null): Promise<PublishedOffer | undefined> {
  const { storefront } = await getPublishingServices();
  let listing = hideKey ? await storefront.get(listingId, 'preview') : undefined;
  if (listing && !(listing.hideKey && sameKey(listing.hideKey, hideKey ?? ''))) listing = undefined;
  listing ??= await storefront.get(listingId, 'live');
  if (!listing) return undefined;
  return publishedVersion(listing.accountId, listing.offerId, listing.submissionId, listing.visibility, listing.offer.name);
}

/** The configuration of one published version (by the submission that published it). */
export async function publishedVersion(
  accountId: string,
  offerId: string,
  submissionId: string,
  visibility: 'live' | 'preview' = 'live',
  name?: unknown,
): Promise<PublishedOffer | undefined> {
  const { submissions } = await getPublishingServices();
  const submission = await submissions.get(accountId, offerId, submissionId);
  if (!submission) return undefined;
  const listingName = submission.snapshot.sections.listing?.name;
  return {
    listingId: `${accountId}.${offerId}`,
    accountId,
    offerId,
    submissionId,
    visibility,
    offerTitle: String(typeof name === 'string' ? name : typeof listingName === 'string' ? listingName : submission.snapshot.alias),
    sections: submission.snapshot.sections,
  };
}

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
