import fc from 'fast-check';
import { hostileValue, mutatedBody, pollutionBodies, rawHostileBody } from '../support/jsonMutations';
import type { Operation } from '../support/openApiOperations';

/**
 * The cases of the HTTP fuzz: for one write operation, a request built around its smallest (and
 * fullest) valid body, then mutated in its body, its headers or its path. Pure data: the test
 * sends them (fuzz.int.test.ts).
 */

/** Who calls an operation: a publisher (bearer), a signed-in customer (storefront), a signed webhook. */
export type Audience = 'publisher' | 'customer' | 'webhook';

export interface FuzzTarget {
  op: Operation;
  audience: Audience;
  /** Valid JSON bodies (smallest, fullest, fixtures); empty when the operation takes no JSON. */
  bases: unknown[];
  /** Valid files, for operations that take bytes. */
  files: Buffer[];
  /** The body's member names (what a prototype-pollution payload would plant). */
  bodyNames: string[];
  ifMatch: boolean;
  idempotencyKey: boolean;
}

export type CaseKind = 'valid' | 'body' | 'pollution' | 'raw' | 'headers' | 'path';

/** Stands for the resource's current ETag (resolved when the case is sent). */
export const CURRENT_ETAG = '<current>';
/** Stands for a new random Idempotency-Key (resolved when the case is sent). */
export const FRESH_KEY = '<fresh>';

export interface FuzzCase {
  kind: CaseKind;
  /** Which resources fill the path: the live offer's, or the draft offer's. */
  set: 'live' | 'draft';
  /** What is sent: JSON (encoded at send time), bytes, or nothing. */
  body: { json: unknown } | { bytes: Buffer } | undefined;
  /** null: no Content-Type header. */
  contentType: string | null;
  ifMatch: string | null;
  idempotencyKey: string | null;
  headers: Record<string, string>;
  /** A path parameter replaced by a hostile segment (sent as is when it is already percent-encoded). */
  path?: { param: string; segment: string };
  query?: string;
  /** Which of the fuzzing customers calls (storefront). */
  customer: number;
  /** Picks a value of an enum path parameter (e.g. the asset slot). */
  pick: number;
  /** The webhook delivery is signed with the configured secret (else it is sent unsigned). */
  signed: boolean;
}

/** Header values a client can send (undici refuses CR, LF, NUL and characters above U+00FF). */
const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset="UTF-8"',
  'application/merge-patch+json',
  'application/problem+json',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'application/json, text/html',
  'application/jsonx',
  '*/*',
  ';',
  'a'.repeat(4000),
];

const ifMatchValues = [
  CURRENT_ETAG,
  '*',
  '"x"',
  'W/"x"',
  '"a", "b"',
  '\u00ff',
  '"',
  '""',
  'x'.repeat(8000),
  `W/${CURRENT_ETAG}`,
  `${CURRENT_ETAG}, "x"`,
  '"0"',
  '-1',
];

const idempotencyKeys = [
  FRESH_KEY,
  'fuzz-reused-key',
  'k'.repeat(255),
  'k'.repeat(256),
  'k'.repeat(8000),
  'clé-é',
  'a b',
  '\u00ff',
  '"quoted"',
  '*',
  '../../x',
  '%00',
  '<script>',
];

/** Extra headers: huge ones (the host's limit is 16 KiB in all), overrides, misleading encodings. */
const extraHeaders: Record<string, string>[] = [
  {},
  { 'x-fuzz': 'a'.repeat(12_000) },
  { 'x-fuzz': 'a'.repeat(20_000) },
  { accept: 'application/xml' },
  { accept: '\u00ff/\u00ff' },
  { 'x-http-method-override': 'DELETE' },
  { 'x-forwarded-for': '169.254.169.254', 'x-forwarded-host': 'evil.example' },
  { 'content-encoding': 'gzip' },
  { 'content-language': '<script>' },
  { 'idempotency-replayed': 'true' },
  { 'webhook-id': 'x', 'webhook-timestamp': '9'.repeat(400), 'webhook-signature': 'v1,AAAA' },
];

export const hostileSegments: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2F',
    '%00',
    '%ff',
    '%',
    'a'.repeat(3000),
    '__proto__',
    'constructor',
    'prototype',
    'hasOwnProperty',
    "'",
    'x"y',
    '😀',
    ' ',
    'null',
    'undefined',
    '-1',
    '1e309',
    '0x10',
    'offer:1',
    'section:x',
    'history:x',
    '<script>alert(1)</script>',
    'SELECT * FROM c',
    'no-such-thing',
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);

const hostileQueries = fc.constantFrom(
  '?pageSize=-1',
  '?pageSize=100000000000000000000',
  '?continuationToken=%ff%fe',
  '?continuationToken=eyJxIjp7Il9fcHJvdG9fXyI6e319fQ',
  '?hideKey=%3Cscript%3E',
  '?hideKey=',
  '?__proto__[polluted]=1',
  '?constructor[prototype][polluted]=1',
  '?state=x&state=y',
  `?x=${'a'.repeat(4000)}`,
);

/** Mutations of a valid file: truncated, a flipped byte, garbage appended, random bytes, empty. */
function mutatedFile(files: Buffer[]): fc.Arbitrary<Buffer> {
  const file = fc.constantFrom(...files);
  return fc.oneof(
    fc
      .tuple(file, fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([f, r]) => f.subarray(0, Math.floor(f.length * r))),
    fc.tuple(file, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([f, i, x]) => {
      const copy = Buffer.from(f);
      const at = i % Math.max(copy.length, 1);
      if (copy.length > 0) copy[at] = (copy[at] ?? 0) ^ x;
      return copy;
    }),
    fc.tuple(file, fc.uint8Array({ maxLength: 64 })).map(([f, g]) => Buffer.concat([f, Buffer.from(g)])),
    fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
    fc.constant(Buffer.alloc(0)),
    fc.constant(Buffer.from('<svg onload=alert(1)></svg>')),
  );
}

/** Every case of one operation: kind, body, headers, path, who calls. */
export function caseOf(target: FuzzTarget, customers: number): fc.Arbitrary<FuzzCase> {
  const json = target.bases.length > 0;
  const bytes = target.files.length > 0;
  const validBody: fc.Arbitrary<FuzzCase['body']> = json
    ? fc.constantFrom(...target.bases).map((b) => ({ json: b }))
    : bytes
      ? fc.constantFrom(...target.files).map((f) => ({ bytes: f }))
      : fc.constant(undefined);
  const validType = bytes ? 'application/octet-stream' : json ? 'application/json' : null;
  const common = {
    set: fc.constantFrom<'live' | 'draft'>('live', 'live', 'draft'),
    customer: fc.nat({ max: customers - 1 }),
    pick: fc.nat(),
    signed: fc.boolean(),
    contentType: fc.constant(validType),
    ifMatch: fc.constant(target.ifMatch ? CURRENT_ETAG : null),
    idempotencyKey: target.idempotencyKey ? fc.constantFrom(FRESH_KEY, null) : fc.constant(null),
    headers: fc.constant<Record<string, string>>({}),
  };
  const mutated: fc.Arbitrary<FuzzCase['body']> = json
    ? fc
        .constantFrom(...target.bases)
        .chain((b) => mutatedBody(b))
        .map((b) => ({ json: b }))
    : bytes
      ? mutatedFile(target.files).map((b) => ({ bytes: b }))
      : hostileValue.map((v) => ({ json: v }));
  const kinds: fc.WeightedArbitrary<FuzzCase>[] = [
    {
      weight: 10,
      arbitrary: fc.record({ ...common, kind: fc.constant<CaseKind>('valid'), body: validBody }),
    },
    { weight: 45, arbitrary: fc.record({ ...common, kind: fc.constant<CaseKind>('body'), body: mutated }) },
    {
      weight: 5,
      arbitrary: fc.record({
        ...common,
        kind: fc.constant<CaseKind>('pollution'),
        contentType: fc.constant('application/json'),
        body: fc
          .constantFrom(...(json ? target.bases : [{}]))
          .chain((b) => pollutionBodies(target.bodyNames, b))
          .map((b) => ({ json: b })),
      }),
    },
    {
      weight: 12,
      arbitrary: fc.record({
        ...common,
        kind: fc.constant<CaseKind>('raw'),
        contentType: fc.constantFrom<string | null>(
          validType ?? 'application/json',
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          null,
        ),
        body: rawHostileBody.map((b) => ({ bytes: b })),
      }),
    },
    {
      weight: 18,
      arbitrary: fc.record({
        ...common,
        kind: fc.constant<CaseKind>('headers'),
        body: validBody,
        contentType: fc.oneof(fc.constant(validType), fc.constant(null), fc.constantFrom(...contentTypes)),
        ifMatch: fc.constantFrom<string | null>(null, ...ifMatchValues),
        idempotencyKey: fc.constantFrom<string | null>(null, ...idempotencyKeys),
        headers: fc.constantFrom(...extraHeaders),
      }),
    },
    {
      weight: 10,
      arbitrary: fc.record(
        {
          ...common,
          kind: fc.constant<CaseKind>('path'),
          body: validBody,
          path:
            target.op.pathParams.length > 0
              ? fc.record({
                  param: fc.constantFrom(...target.op.pathParams.map((p) => p.name)),
                  segment: hostileSegments,
                })
              : fc.constant(undefined),
          query: fc.option(hostileQueries, { nil: undefined }),
        },
        {
          requiredKeys: [
            'kind',
            'set',
            'customer',
            'pick',
            'signed',
            'contentType',
            'ifMatch',
            'idempotencyKey',
            'headers',
            'body',
          ],
        },
      ),
    },
  ];
  return fc.oneof(...kinds);
}
