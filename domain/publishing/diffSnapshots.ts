import { escapePointerToken } from '../errors';
import { sectionNames, type SectionName } from '../offer/sectionNames';

export type SectionValues = Partial<Record<SectionName, Record<string, unknown>>>;

export interface FieldChange {
  /** RFC 6901 pointer from the snapshot root, e.g. `/listing/name`. */
  readonly pointer: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface SectionDiff {
  readonly section: SectionName;
  readonly changed: boolean;
  readonly changes: readonly FieldChange[];
}

/**
 * The difference between two versions of an offer's sections, section by section, down to the
 * leaves (arrays compare item by item). `before` undefined means "nothing published yet". Pure.
 */
export function diffSnapshots(before: SectionValues | undefined, after: SectionValues): SectionDiff[] {
  return sectionNames.map((section) => {
    const changes: FieldChange[] = [];
    diffValue(before?.[section], after[section], `/${escapePointerToken(section)}`, changes);
    return { section, changed: changes.length > 0, changes };
  });
}

/** Every changed pointer, across sections. */
export function changedPointers(diff: readonly SectionDiff[]): string[] {
  return diff.flatMap((d) => d.changes.map((c) => c.pointer));
}

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return v !== null && typeof v === 'object';
}

function diffValue(a: unknown, b: unknown, pointer: string, out: FieldChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push({ pointer, kind: 'added', after: b });
  if (b === undefined) return void out.push({ pointer, kind: 'removed', before: a });
  if (isContainer(a) && isContainer(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort(compareKeys)) {
      diffValue(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${pointer}/${escapePointerToken(key)}`,
        out,
      );
    }
    return;
  }
  if (!Object.is(a, b)) out.push({ pointer, kind: 'changed', before: a, after: b });
}

/** Array indices in numeric order, then names. */
function compareKeys(x: string, y: string): number {
  const nx = Number(x);
  const ny = Number(y);
  if (Number.isInteger(nx) && Number.isInteger(ny)) return nx - ny;
  return x < y ? -1 : x > y ? 1 : 0;
}
