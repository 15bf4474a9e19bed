import { getOfferDraft } from '../../domain/authoring/getOfferDraft';
import type { Publisher } from '../auth/Publisher';
import { getOfferStore } from '../authoring/getOfferStore';
import { getPublishingServices } from '../publishing/getPublishingServices';
import { testDrivePlanOf } from '../../domain/testdrive/testDrivePlan';
import type { PublishedCapacity, TestDriveOverrides } from '../../domain/testdrive/testDriveOverrides';
import { withOverrides } from '../../domain/testdrive/testDriveOverrides';
import type { StoredOverrides } from '../../domain/testdrive/testDriveOverrideStore';
import type { TestDrivePlan } from '../../domain/testdrive/testDrivePlan';
import type { TestDriveSession } from '../../domain/testdrive/TestDriveSession';
import { AppError } from '../http/AppError';
import { publishedVersion, type PublishedOffer } from './publishedOffer';

/**
 * The publisher's own offer (404 for an offer of another account, as everywhere) and its listing
 * id `<account>.<offer>`: every test drive document of the offer lives under that id, so nothing
 * of another account can be reached from here.
 */
export async function publisherListing(publisher: Publisher, offerId: string): Promise<string> {
  await getOfferDraft(await getOfferStore(), publisher, offerId);
  return `${publisher.accountId}.${offerId}`;
}

/**
 * The published test drive the overrides apply to: the live version's, else the preview's, with
 * its plan as published (no overrides). 409 testDriveUnavailable when neither has a test drive.
 */
export async function publishedTestDrive(
  publisher: Publisher,
  offerId: string,
): Promise<{ listingId: string; version: PublishedOffer; plan: TestDrivePlan }> {
  const listingId = await publisherListing(publisher, offerId);
  const { storefront } = await getPublishingServices();
  const listing = (await storefront.get(listingId, 'live')) ?? (await storefront.get(listingId, 'preview'));
  const version = listing
    ? await publishedVersion(listing.accountId, listing.offerId, listing.submissionId, listing.visibility)
    : undefined;
  if (!version)
    throw new AppError('testDriveUnavailable', `Offer ${offerId} has no live or preview version.`);
  const plan = testDrivePlanOf(version.sections.setup, version.sections['test-drive']);
  if ('unavailable' in plan) throw new AppError('testDriveUnavailable', plan.unavailable);
  return { listingId, version, plan };
}

/** The capacity values a plan states (published, or effective once overridden). */
export function capacityOf(plan: TestDrivePlan): Omit<PublishedCapacity, 'family'> {
  const first = Object.values(plan.pools)[0];
  if (!first || plan.family === 'powerBI') return {};
  if (plan.family === 'arm') return { hot: first.hot, cold: first.capacity };
  return { maxConcurrent: first.capacity };
}

function settings(capacity: Omit<PublishedCapacity, 'family'>): TestDriveOverrides {
  return capacity.cold !== undefined
    ? { instances: { hot: capacity.hot ?? 0, cold: capacity.cold } }
    : capacity.maxConcurrent !== undefined
      ? { maxConcurrent: capacity.maxConcurrent }
      : {};
}

/** GET/PUT answer: what was published, what the publisher overrode, and what new sessions get. */
export function overridesView(
  offerId: string,
  published: { version: PublishedOffer; plan: TestDrivePlan },
  stored: StoredOverrides,
): Record<string, unknown> {
  return {
    offerId,
    type: published.plan.type,
    submissionId: published.version.submissionId,
    visibility: published.version.visibility,
    published: settings(capacityOf(published.plan)),
    overrides: stored.overrides,
    effective: settings(capacityOf(withOverrides(published.plan, stored.overrides))),
    revision: stored.revision,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
  };
}

/** A session as its publisher sees it: no access details, no secrets, the customer's e-mail only. */
export function publisherSessionView(s: TestDriveSession): Record<string, unknown> {
  return {
    sessionId: s.sessionId,
    status: s.status,
    type: s.type,
    ...(s.pool !== 'offer' ? { region: s.pool } : {}),
    customerEmail: s.customer.email,
    requestedAt: s.requestedAt,
    ...(s.startedAt ? { startedAt: s.startedAt } : {}),
    ...(s.endsAt ? { endsAt: s.endsAt } : {}),
    ...(s.endedAt ? { endedAt: s.endedAt, endReason: s.endReason } : {}),
    submissionId: s.submissionId,
  };
}
