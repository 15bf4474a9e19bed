import type { FieldIssue } from '../errors';
import { listAssetReferences, type AssetReference } from '../offer/assetReferences';
import { prepareSectionWrite } from '../offer/prepareSectionWrite';
import type { SectionName } from '../offer/sectionNames';
import type { Actor } from './Actor';
import { AuthoringError } from './AuthoringError';
import { changedFields } from './changedFields';
import { offerNotFound } from './getOfferDraft';
import type { OfferStore } from './offerStore';
import { readSectionWithContext } from './readSection';
import { sameEtag } from './sameEtag';
import { markServerOwnedFields } from './serverOwnedFields';
import type { SectionView } from './views';

/**
 * Replaces one section of an offer with what the publisher sent, when the publisher saw the
 * current version (`ifMatch`). A malformed value is refused with one issue per field and nothing
 * is stored; a value that is merely incomplete is saved and the status says what is missing.
 * Secrets are split off and stored apart; a secret the write omits keeps its stored value.
 * Every save is recorded in the section's history, in the same write.
 *
 * The section the publisher read is looked up by its ETag (the store may know that version
 * without a read); whether it is still current is decided by the conditional write itself.
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
  const current = await store.getSection(actor.accountId, offerId, section, ifMatch);
  if (current === undefined) throw offerNotFound(offerId);
  const previous = current.record;
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
  const value = prepared.stored as Record<string, unknown>;
  const revision = previous.revision + 1;
  const result = await store.saveSection(actor.accountId, offerId, section, {
    previous,
    alias: current.alias,
    value,
    secrets: prepared.secrets,
    history: {
      section,
      revision,
      savedAt: now.toISOString(),
      savedBy: actor.userId,
      changedFields: [
        ...new Set([...changedFields(previous.value ?? {}, value), ...Object.keys(prepared.secrets)]),
      ],
      value,
    },
  });
  if ('failed' in result) {
    throw result.failed === 'stale' ? staleSection(section) : offerNotFound(offerId);
  }
  const view = await readSectionWithContext(store, actor, offerId, { alias: current.alias, record: result.ok });
  return { view, etag: result.ok.etag };
}

function staleSection(section: SectionName): AuthoringError {
  return new AuthoringError(
    'stale',
    `The ${section} section changed since you read it; read it again and reapply your changes.`,
  );
}
