import type { FieldIssue } from '../errors';
import { fieldIssue } from '../errors';
import { isPresent } from './fields';
import type { SectionName } from './sectionNames';

/** What completeness rules may look at beyond their own section (stored forms). */
export interface CompletenessContext {
  /** The offer alias: the listing name defaults to it. */
  alias: string;
  /** Stored forms of the other sections (test-drive depends on setup.testDrive.type). */
  sections: Partial<Record<SectionName, unknown>>;
}

/** Adds a `required` issue for `path` when `value` is missing or blank. */
export function requireField(
  issues: FieldIssue[],
  value: unknown,
  path: readonly PropertyKey[],
  label: string,
  why?: string,
): void {
  if (!isPresent(value)) {
    issues.push(fieldIssue(path, 'required', `${label} is required${why ? ` ${why}` : ''}`));
  }
}

/** Adds a `tooFew` issue when a list has fewer than `min` items (a missing list counts as empty). */
export function requireAtLeast(
  issues: FieldIssue[],
  list: readonly unknown[] | undefined,
  min: number,
  path: readonly PropertyKey[],
  label: string,
): void {
  const count = list?.length ?? 0;
  if (count < min) {
    issues.push(
      fieldIssue(
        path,
        count === 0 ? 'required' : 'tooFew',
        `${label} must have at least ${min} item${min === 1 ? '' : 's'} (got ${count})`,
      ),
    );
  }
}

/** Adds a `required` issue for a secret unless its stored presence marker is true. */
export function requireSecret(
  issues: FieldIssue[],
  parent: Record<string, unknown> | undefined,
  field: string,
  path: readonly PropertyKey[],
  label: string,
  why?: string,
): void {
  if (parent?.[`${field}Set`] !== true) {
    issues.push(fieldIssue(path, 'required', `${label} is required${why ? ` ${why}` : ''}`));
  }
}
