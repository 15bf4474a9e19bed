import { leadDestinationTypes, secretFieldsOf } from '../data/leadDestinations';
import { toPointer } from '../errors';
import { presenceKey } from './secretShape';
import { sectionStoredSchemas } from './sectionSchemas';
import type { SectionName } from './sectionNames';

/**
 * Write-only fields of each section, as RFC 6901 pointers within the section body.
 * Lead destination secrets come from the reference list's `secret` flag.
 */
export const secretFields: Record<SectionName, string[]> = {
  setup: [...new Set(leadDestinationTypes.flatMap((t) => secretFieldsOf(t)))].map((field) =>
    toPointer(['leadManagement', 'connection', field]),
  ),
  properties: [],
  listing: [],
  availability: [],
  'technical-configuration': [],
  'test-drive': ['/subscription/appClientSecret'],
  'supplemental-content': [],
};

type Json = Record<string, unknown>;

function tokensOf(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The object holding the field a pointer names, or undefined when a step is missing. */
function parentAt(root: unknown, tokens: readonly string[], create = false): Json | undefined {
  let node: unknown = root;
  for (const token of tokens.slice(0, -1)) {
    if (!isObject(node)) return undefined;
    if (node[token] === undefined && create) node[token] = {};
    node = node[token];
  }
  return isObject(node) ? node : undefined;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export interface SplitSecrets {
  /** The section without secret values; each provided secret is replaced by `<field>Set: true`. */
  value: unknown;
  /** The secret values by pointer, to be stored apart (encrypted or in Key Vault). */
  secrets: Record<string, string>;
}

/** Takes the secret values out of a parsed write value. Pure: the input is not modified. */
export function splitSecrets(section: SectionName, value: unknown): SplitSecrets {
  const out = clone(value);
  const secrets: Record<string, string> = {};
  for (const pointer of secretFields[section]) {
    const tokens = tokensOf(pointer);
    const field = tokens[tokens.length - 1] as string;
    const parent = parentAt(out, tokens);
    if (!parent || !(field in parent)) continue;
    const secret = parent[field];
    delete parent[field];
    if (typeof secret === 'string' && secret.length > 0) {
      secrets[pointer] = secret;
      parent[presenceKey(field)] = true;
    }
  }
  return { value: out, secrets };
}

/**
 * The stored form of a new write: a secret the write omitted is kept (its `<field>Set: true` marker
 * carries over from `previousStored`) as long as the new value still has a place for it, i.e. the
 * stored schema accepts the marker (a lead secret does not survive a change of destination).
 * `newValue` is the `value` of `splitSecrets`. Pure.
 */
export function mergeSecretsPresence(
  section: SectionName,
  previousStored: unknown,
  newValue: unknown,
): unknown {
  let merged = clone(newValue);
  const schema = sectionStoredSchemas[section];
  for (const pointer of secretFields[section]) {
    const tokens = tokensOf(pointer);
    const field = tokens[tokens.length - 1] as string;
    const marker = presenceKey(field);
    if (parentAt(previousStored, tokens)?.[marker] !== true) continue;
    const current = parentAt(merged, tokens);
    if (current?.[marker] === true) continue;
    const candidate = clone(merged);
    const parent = parentAt(candidate, tokens, true);
    if (!parent) continue;
    parent[marker] = true;
    if (schema.safeParse(candidate).success) merged = candidate;
  }
  return merged;
}

/** Pointers of the secrets a stored section says are set; other stored secrets of the section can be deleted. */
export function secretPointersSet(section: SectionName, stored: unknown): string[] {
  return secretFields[section].filter((pointer) => {
    const tokens = tokensOf(pointer);
    return parentAt(stored, tokens)?.[presenceKey(tokens[tokens.length - 1] as string)] === true;
  });
}
