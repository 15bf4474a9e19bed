import { escapePointerToken } from '../errors';

/**
 * JSON pointers of every leaf that differs between two section values (added, changed or
 * removed). Arrays compare item by item; an array that changes length reports the array itself,
 * because per-index pointers would say little about an inserted item.
 */
export function changedFields(before: unknown, after: unknown, pointer = ''): string[] {
  if (Object.is(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys]
      .sort()
      .flatMap((key) => changedFields(before[key], after[key], `${pointer}/${escapePointerToken(key)}`));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) return [pointer];
    return before.flatMap((item, index) => changedFields(item, after[index], `${pointer}/${index}`));
  }
  return [pointer];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
