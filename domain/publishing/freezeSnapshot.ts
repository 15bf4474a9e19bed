import type { OfferDraft } from '../authoring/offerStore';
import { listAssetReferences } from '../offer/assetReferences';
import type { SectionName } from '../offer/sectionNames';
import type { OfferSnapshot } from './Submission';

/**
 * Freezes a draft into a snapshot: a deep copy of every saved section's stored form (secrets are
 * presence markers there, never values), the revision of each section and every referenced asset
 * id. Later edits of the draft never reach a snapshot. Pure.
 */
export function freezeSnapshot(draft: OfferDraft, frozenAt: string): OfferSnapshot {
  const sections: Partial<Record<SectionName, Record<string, unknown>>> = {};
  const sectionRevisions: Partial<Record<SectionName, number>> = {};
  const assetIds = new Set<string>();
  for (const [name, record] of draft.sections) {
    if (record.value === null) continue;
    sections[name] = structuredClone(record.value);
    sectionRevisions[name] = record.revision;
    for (const ref of listAssetReferences(name, record.value)) assetIds.add(ref.assetId);
  }
  return { alias: draft.offer.alias, sections, sectionRevisions, assetIds: [...assetIds].sort(), frozenAt };
}
