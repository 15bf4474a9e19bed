/** Small helpers for domain tests: the issues a write produces, and a section's status in a draft. */
import type { FieldIssue } from '../../domain/errors';
import { prepareSectionWrite } from '../../domain/offer/prepareSectionWrite';
import type { SectionName } from '../../domain/offer/sectionNames';
import { sectionStatus, type SectionStatus } from '../../domain/offer/status';
import { completeOfferDraft, fixtureAlias, storedForm } from './offerFixtures';

/** Issues of a write (empty when the write is accepted). */
export function writeIssues(section: SectionName, body: unknown): FieldIssue[] {
  const result = prepareSectionWrite(section, body);
  return result.ok ? [] : result.issues;
}

/** Pointers of the issues of a write. */
export function writePointers(section: SectionName, body: unknown): string[] {
  return writeIssues(section, body).map((i) => i.pointer);
}

/**
 * Status of `section` after storing `body` into an otherwise complete draft
 * (optionally with other sections replaced through `others`, given as write bodies).
 */
export function statusAfterWrite(
  section: SectionName,
  body: unknown,
  others: Partial<Record<SectionName, unknown>> = {},
  alias = fixtureAlias,
): SectionStatus {
  const draft = completeOfferDraft();
  for (const [name, other] of Object.entries(others)) {
    draft.sections[name as SectionName] = storedForm(name as SectionName, other);
  }
  draft.sections[section] = storedForm(section, body);
  return sectionStatus(section, { ...draft, alias });
}

/** Pointers of the failing fields after storing `body` (see statusAfterWrite). */
export function failingPointers(
  section: SectionName,
  body: unknown,
  others: Partial<Record<SectionName, unknown>> = {},
  alias?: string,
): string[] {
  return statusAfterWrite(section, body, others, alias).failingFields.map((i) => i.pointer);
}
