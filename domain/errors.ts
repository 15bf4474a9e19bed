import type { z } from 'zod';

/**
 * One failing field, as it appears in a problem-details response and in a section's status.
 * `pointer` is an RFC 6901 JSON pointer from the root of the body that was validated
 * (for a section write: the section body; `""` is the body itself).
 */
export interface FieldIssue {
  pointer: string;
  /** Stable, machine-readable code (see `FieldIssueCode`). */
  code: string;
  /** Human message naming the field and, where there is one, the limit. */
  message: string;
}

/** The codes this domain produces. Clients may rely on them; new codes may be added. */
export type FieldIssueCode =
  | 'required'
  | 'invalidType'
  | 'tooLong'
  | 'tooShort'
  | 'tooMany'
  | 'tooFew'
  | 'tooLarge'
  | 'tooSmall'
  | 'notInteger'
  | 'invalidFormat'
  | 'notInList'
  | 'unknownField'
  | 'duplicate'
  | 'invalid'
  | (string & {});

/** Escapes one reference token of a JSON pointer (RFC 6901 section 3). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds an RFC 6901 pointer from path segments, e.g. ['contacts','support','email'] -> '/contacts/support/email'. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path
    .map((p) => '/' + escapePointerToken(typeof p === 'symbol' ? String(p.description) : p))
    .join('');
}

/** Creates a FieldIssue; used by completeness rules and cross-field refinements. */
export function fieldIssue(path: readonly PropertyKey[], code: FieldIssueCode, message: string): FieldIssue {
  return { pointer: toPointer(path), code, message };
}

/** The name a message uses for a field: its last non-index segment, with the index when it is an item. */
function fieldLabel(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'value';
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const parent = path.slice(0, -1).filter((p) => typeof p !== 'number');
    const name = parent.length > 0 ? String(parent[parent.length - 1]) : 'item';
    return `${name}[${last}]`;
  }
  return String(last);
}

function unitOf(origin: string | undefined): { unit: string; more: 'Long' | 'Many' | 'Large' } {
  switch (origin) {
    case 'string':
      return { unit: 'characters', more: 'Long' };
    case 'array':
    case 'set':
      return { unit: 'items', more: 'Many' };
    default:
      return { unit: '', more: 'Large' };
  }
}

function sizeOf(input: unknown): string {
  if (typeof input === 'string' || Array.isArray(input)) return ` (got ${input.length})`;
  if (typeof input === 'number') return ` (got ${input})`;
  return '';
}

function typeName(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

/**
 * Converts zod issues to FieldIssue[], one entry per failing field.
 * `basePath` is prepended to every pointer (e.g. when the validated value sits inside a larger body).
 * Parse with `{ reportInput: true }` so that messages can say what was received ("got 51").
 */
export function toFieldIssues(
  issues: readonly z.core.$ZodIssue[],
  basePath: readonly PropertyKey[] = [],
): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) out.push(...convert(issue, [...basePath, ...issue.path]));
  return dedupe(out);
}

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.pointer}\u0000${i.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function convert(issue: z.core.$ZodIssue, path: PropertyKey[]): FieldIssue[] {
  const label = fieldLabel(path);
  const input: unknown = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return [fieldIssue(path, 'required', `${label} is required`)];
      if (issue.expected === 'int' && typeof input === 'number') {
        return [fieldIssue(path, 'notInteger', `${label} must be a whole number (got ${input})`)];
      }
      return [
        fieldIssue(
          path,
          'invalidType',
          `${label} must be ${article(issue.expected)} (got ${typeName(input)})`,
        ),
      ];
    }
    case 'too_big': {
      const { unit, more } = unitOf(issue.origin);
      const max = String(issue.maximum);
      const bound = issue.inclusive === false ? 'less than' : 'at most';
      const verb = unit === 'items' ? 'have' : 'be';
      const message = `${label} must ${verb} ${bound} ${max}${unit ? ' ' + unit : ''}${sizeOf(input)}`;
      return [fieldIssue(path, `too${more}`, message)];
    }
    case 'too_small': {
      const { unit, more } = unitOf(issue.origin);
      const min = String(issue.minimum);
      const bound = issue.inclusive === false ? 'more than' : 'at least';
      const less = more === 'Long' ? 'Short' : more === 'Many' ? 'Few' : 'Small';
      if (unit === 'characters' && issue.minimum === 1) {
        return [fieldIssue(path, 'required', `${label} must not be empty`)];
      }
      const verb = unit === 'items' ? 'have' : 'be';
      const message = `${label} must ${verb} ${bound} ${min}${unit ? ' ' + unit : ''}${sizeOf(input)}`;
      return [fieldIssue(path, `too${less}`, message)];
    }
    case 'invalid_format': {
      const what = formatName(issue.format);
      return [
        fieldIssue(
          path,
          'invalidFormat',
          issue.message && !issue.message.startsWith('Invalid')
            ? `${label} ${issue.message}`
            : `${label} must be ${what}`,
        ),
      ];
    }
    case 'not_multiple_of':
      return [
        fieldIssue(
          path,
          issue.divisor === 1 ? 'notInteger' : 'invalid',
          issue.divisor === 1
            ? `${label} must be a whole number${sizeOf(input)}`
            : `${label} must be a multiple of ${issue.divisor}`,
        ),
      ];
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        fieldIssue(
          [...path, key],
          'unknownField',
          `${key} is not a field of ${path.length ? fieldLabel(path) : 'this body'}`,
        ),
      );
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const list =
        allowed.length > 8 ? `one of the ${allowed.length} allowed values` : `one of ${allowed.join(', ')}`;
      return [
        fieldIssue(
          path,
          'notInList',
          `${label} must be ${list}${input === undefined ? '' : ` (got ${JSON.stringify(input)})`}`,
        ),
      ];
    }
    case 'invalid_union': {
      const discriminated = issue as { discriminator?: string; options?: unknown[] };
      if (discriminated.discriminator !== undefined) {
        // zod reports a bad discriminator with the whole object as input.
        const value =
          input !== null && typeof input === 'object'
            ? (input as Record<string, unknown>)[discriminated.discriminator]
            : undefined;
        if (value === undefined) return [fieldIssue(path, 'required', `${label} is required`)];
        const options = (discriminated.options ?? []).map((o) => JSON.stringify(o)).join(', ');
        return [
          fieldIssue(path, 'notInList', `${label} must be one of ${options} (got ${JSON.stringify(value)})`),
        ];
      }
      // A union reports the errors of each branch; the branch with the fewest errors is the one the client meant.
      const branches = issue.errors.filter((b) => b.length > 0);
      if (branches.length > 0) {
        const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
        return best.flatMap((i) => convert(i, [...path, ...i.path]));
      }
      if (input === undefined) return [fieldIssue(path, 'required', `${label} is required`)];
      return [
        fieldIssue(path, 'invalid', `${label} is not valid${issue.message ? `: ${issue.message}` : ''}`),
      ];
    }
    case 'invalid_element':
    case 'invalid_key':
      return issue.issues.flatMap((i) => convert(i, [...path, ...i.path]));
    case 'custom': {
      const params = (issue.params ?? {}) as { code?: string };
      return [fieldIssue(path, params.code ?? 'invalid', issue.message || `${label} is not valid`)];
    }
    default:
      return [fieldIssue(path, 'invalid', `${label} is not valid`)];
  }
}

function article(expected: string): string {
  const name = expected === 'int' ? 'integer' : expected;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function formatName(format: string): string {
  switch (format) {
    case 'email':
      return 'an e-mail address';
    case 'url':
      return 'an absolute http(s) URL';
    case 'guid':
    case 'uuid':
      return 'a GUID (e.g. 50c464d3-4930-494c-963c-1e951d15360e)';
    case 'regex':
      return 'in the expected format';
    default:
      return `a valid ${format}`;
  }
}
