import type { FieldIssue } from '../errors';
import { listAssetReferences, type AssetReference } from '../offer/assetReferences';
import { prepareSectionWrite } from '../offer/prepareSectionWrite';
import type { SectionName } from '../offer/sectionNames';
import type { Actor } from './Actor';
import { AuthoringError } from './AuthoringError';
import { changedFields } from './changedFields';
import { getOfferDraft, offerNotFound } from './getOfferDraft';
import type { OfferDraft, OfferStore } from './offerStore';
import { sameEtag } from './sameEtag';
import { markServerOwnedFields } from './serverOwnedFields';
import { sectionView, type SectionView } from './views';

/**
 * Replaces one section of an offer with what the publisher sent, when the publisher saw the
 * current version (`ifMatch`). A malformed value is refused with one issue per field and nothing
 * is stored; a value that is merely incomplete is saved and the status says what is missing.
 * Secrets are split off and stored apart; a secret the write omits keeps its stored value.
 * Every save is recorded in the section's history, in the same write.
 */
export async function saveSection(
  store: OfferStore,
  actor: Actor,
  offerId: string,
  section: SectionName,
  body: unknown,
  ifMatch: string,
  now: Date,
  /**
   * Checks the section's asset references against the account's committed assets (missing,
   * uncommitted, another account's, wrong kind or size); its issues refuse the write like any
   * malformed field.
   */
  assetReferenceIssues?: (refs: AssetReference[]) => Promise<FieldIssue[]>,
): Promise<{ view: SectionView; etag: string }> {
  const draft = await getOfferDraft(store, actor, offerId);
  const previous = draft.sections.get(section);
  if (previous === undefined) throw offerNotFound(offerId);
  if (!sameEtag(ifMatch, previous.etag)) throw staleSection(section);

  const prepared = prepareSectionWrite(section, body, previous.value ?? undefined);
  const shapeIssues = prepared.ok ? [] : prepared.issues;
  const flagged = new Set(shapeIssues.map((i) => i.pointer));
  const refIssues = assetReferenceIssues
    ? await assetReferenceIssues(listAssetReferences(section, body).filter((r) => !flagged.has(r.pointer)))
    : [];
  if (!prepared.ok || refIssues.length > 0) {
    const issues = [...shapeIssues, ...refIssues];
    throw new AuthoringError(
      'invalid',
      `The ${section} section was not saved: ${issues.length} field(s) are invalid.`,
      markServerOwnedFields(issues),
    );
  }
  const stored = { value: prepared.stored as Record<string, unknown>, secrets: prepared.secrets };
  const revision = previous.revision + 1;
  const savedAt = now.toISOString();
  const result = await store.saveSection(actor.accountId, offerId, section, {
    previous,
    value: stored.value,
    secrets: stored.secrets,
    history: {
      section,
      revision,
      savedAt,
      savedBy: actor.userId,
      changedFields: [
        ...new Set([...changedFields(previous.value ?? {}, stored.value), ...Object.keys(stored.secrets)]),
      ],
      value: stored.value,
    },
  });
  if ('failed' in result) {
    throw result.failed === 'stale' ? staleSection(section) : offerNotFound(offerId);
  }
  const sections = new Map(draft.sections).set(section, result.ok);
  const updated: OfferDraft = { offer: draft.offer, sections };
  return { view: sectionView(updated, result.ok), etag: result.ok.etag };
}

function staleSection(section: SectionName): AuthoringError {
  return new AuthoringError(
    'stale',
    `The ${section} section changed since you read it; read it again and reapply your changes.`,
  );
}
