import type { FieldIssue } from '../errors';
import { parseWith } from './parseWith';
import { sectionDefinitions, type CompletenessOptions } from './sectionSchemas';
import { sectionNames, type SectionName } from './sectionNames';
import { enabledTestDriveType } from './sections/setup';

export type SectionStatusValue = 'notStarted' | 'incomplete' | 'complete' | 'notRequired';

export interface SectionStatus {
  status: SectionStatusValue;
  /** Why the section is incomplete (empty otherwise). Pointers are within the section body. */
  failingFields: FieldIssue[];
  /** Observations that do not block completeness (sovereign regions, extra certification steps). */
  notes?: FieldIssue[];
}

/** An offer draft as stored: the alias and the stored form of each saved section. */
export interface OfferDraft {
  alias: string;
  sections: Partial<Record<SectionName, unknown>>;
}

export interface OfferReadiness {
  /** True when every section is complete or not required: a submission may be accepted. */
  ready: boolean;
  sections: Record<SectionName, SectionStatus>;
}

/**
 * The completion status of one section:
 * - test-drive is `notRequired` while setup.testDrive.enabled is not true (whatever is saved there);
 * - `notStarted` when the section was never saved;
 * - `incomplete` with the failing fields when a completeness rule fails (or a stored document no
 *   longer matches its schema);
 * - `complete` otherwise.
 */
export function sectionStatus(
  name: SectionName,
  draft: OfferDraft,
  options: CompletenessOptions = {},
): SectionStatus {
  if (name === 'test-drive' && enabledTestDriveType(draft.sections.setup) === null) {
    return { status: 'notRequired', failingFields: [] };
  }
  const stored = draft.sections[name];
  if (stored === undefined || stored === null) return { status: 'notStarted', failingFields: [] };

  const definition = sectionDefinitions[name];
  const parsed = parseWith(definition.stored, stored);
  if (!parsed.ok) return { status: 'incomplete', failingFields: parsed.issues };

  const ctx = { alias: draft.alias, sections: draft.sections, ...options };
  const failingFields = definition.completeness(parsed.value as never, ctx);
  const notes = definition.notes?.(parsed.value as never) ?? [];
  return {
    status: failingFields.length === 0 ? 'complete' : 'incomplete',
    failingFields,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** Every section's status and whether the offer may be submitted. */
export function offerReadiness(draft: OfferDraft, options: CompletenessOptions = {}): OfferReadiness {
  const sections = Object.fromEntries(
    sectionNames.map((name) => [name, sectionStatus(name, draft, options)]),
  ) as Record<SectionName, SectionStatus>;
  const ready = sectionNames.every((name) => ['complete', 'notRequired'].includes(sections[name].status));
  return { ready, sections };
}
