import type { SectionName } from '../offer/sectionNames';
import type { Actor } from './Actor';
import { offerNotFound } from './getOfferDraft';
import type { OfferStore, SectionRecord, SectionSnapshot } from './offerStore';
import { sectionView, type SectionView } from './views';

/**
 * Sections whose status reads another section (test-drive is required only when setup enables
 * it, and its rules depend on the test drive type). Every section may read the alias, which is
 * kept with each section. A new cross-section rule in the offer domain must be added here.
 */
const statusDependencies: Partial<Record<SectionName, readonly SectionName[]>> = {
  'test-drive': ['setup'],
};

/** One section with its status, read with point reads only (the section and what its status needs). */
export async function readSection(
  store: OfferStore,
  actor: Actor,
  offerId: string,
  section: SectionName,
): Promise<{ view: SectionView; etag: string }> {
  const snapshot = await store.getSection(actor.accountId, offerId, section);
  if (snapshot === undefined) throw offerNotFound(offerId);
  const view = await readSectionWithContext(store, actor, offerId, snapshot);
  return { view, etag: snapshot.record.etag };
}

/** The view of a section whose record is known, reading only the sections its status depends on. */
export async function readSectionWithContext(
  store: OfferStore,
  actor: Actor,
  offerId: string,
  snapshot: SectionSnapshot,
): Promise<SectionView> {
  const sections = new Map<SectionName, SectionRecord>([[snapshot.record.section, snapshot.record]]);
  const dependencies = statusDependencies[snapshot.record.section] ?? [];
  const read = await Promise.all(dependencies.map((name) => store.getSection(actor.accountId, offerId, name)));
  for (const dependency of read) {
    if (dependency !== undefined) sections.set(dependency.record.section, dependency.record);
  }
  return sectionView({ offer: { offerId, alias: snapshot.alias }, sections }, snapshot.record);
}
