/**
 * Which fault (if any) the Cosmos DB fault proxy injects into one request: pure, so the choice can
 * be tested without sockets. The proxy (cosmosFaultProxy.ts) carries the choice out.
 */

/** What the proxy can do to a request instead of, or after, forwarding it. */
export const faultKinds = [
  /** 429 with `x-ms-retry-after-ms` and the Cosmos DB error body; nothing is forwarded. */
  'throttle',
  /** 503 ServiceUnavailable; nothing is forwarded. */
  'unavailable',
  /** 408 RequestTimeout (the service's own timeout); nothing is forwarded. */
  'timeout',
  /** No answer at all until the client gives up (its request timeout); nothing is forwarded. */
  'hang',
  /** The connection is reset before anything is forwarded. */
  'reset',
  /**
   * Forwarded and done by the stand-in, then the connection is reset instead of answering: the
   * client cannot know whether its write happened (the hard case for retries).
   */
  'lostResponse',
] as const;
export type FaultKind = (typeof faultKinds)[number];

/** How the stand-in's SDK traffic is classified, so faults can target some operations only. */
export const operationClasses = ['read', 'query', 'write'] as const;
export type OperationClass = (typeof operationClasses)[number];

export interface FaultMix {
  /** Fraction (0..1) of the targeted requests given each fault; the fractions sum to at most 1. */
  readonly rates: Readonly<Partial<Record<FaultKind, number>>>;
  /** Only these operation classes get faults (all when absent or empty). */
  readonly only?: readonly OperationClass[];
  /** Only requests on these databases get faults (all when absent or empty). */
  readonly databases?: readonly string[];
  /** `x-ms-retry-after-ms` sent with a 429 (default 100). */
  readonly retryAfterMs?: number;
}

export const noFaults: FaultMix = { rates: {} };

/** The parts of a request the classification reads. */
export interface RequestShape {
  readonly method: string;
  /** Path without the query string, e.g. `/dbs/marketplace/colls/offers/docs/abc`. */
  readonly path: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * read: GET and HEAD (point reads, metadata, partition key ranges); query: POST carrying
 * `x-ms-documentdb-isquery` or a query plan request; write: every other request (create, upsert,
 * replace, patch, delete, batch and bulk).
 */
export function classifyRequest(request: RequestShape): OperationClass {
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') return 'read';
  const header = (name: string): string => String(request.headers[name] ?? '').toLowerCase();
  if (
    method === 'POST' &&
    (header('x-ms-documentdb-isquery') === 'true' ||
      header('x-ms-cosmos-is-query-plan-request') === 'true' ||
      header('content-type').startsWith('application/query+json'))
  ) {
    return 'query';
  }
  return 'write';
}

/** The database a request addresses (`/dbs/{db}/...`), if any. */
export function databaseOf(path: string): string | undefined {
  const match = /^\/dbs\/([^/]+)/.exec(path);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/**
 * The fault for one request, or undefined to forward it untouched. `random` is a uniform draw in
 * [0, 1) (Math.random in the proxy, a seeded generator in tests): the rates are laid end to end in
 * the order of {@link faultKinds} and the draw picks the one it falls in.
 */
export function chooseFault(
  mix: FaultMix,
  request: RequestShape,
  random: () => number,
): FaultKind | undefined {
  if (mix.only && mix.only.length > 0 && !mix.only.includes(classifyRequest(request))) return undefined;
  if (mix.databases && mix.databases.length > 0) {
    const db = databaseOf(request.path);
    if (db === undefined || !mix.databases.includes(db)) return undefined;
  }
  const draw = random();
  let upTo = 0;
  for (const kind of faultKinds) {
    upTo += mix.rates[kind] ?? 0;
    if (draw < upTo) return kind;
  }
  return undefined;
}

/**
 * Checks a mix given from outside (control endpoint body or environment variable) and returns it
 * typed; throws with a message naming what is wrong.
 */
export function parseFaultMix(value: unknown): FaultMix {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(
      'A fault mix is an object: { rates: { throttle: 0.3, ... }, only?, databases?, retryAfterMs? }',
    );
  }
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!['rates', 'only', 'databases', 'retryAfterMs'].includes(key))
      throw new Error(`Unknown fault mix member "${key}"`);
  }
  const rawRates = input.rates ?? {};
  if (typeof rawRates !== 'object' || rawRates === null || Array.isArray(rawRates))
    throw new Error('rates must be an object');
  const rates: Partial<Record<FaultKind, number>> = {};
  let sum = 0;
  for (const [kind, rate] of Object.entries(rawRates)) {
    if (!(faultKinds as readonly string[]).includes(kind)) {
      throw new Error(`Unknown fault "${kind}"; faults are ${faultKinds.join(', ')}`);
    }
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new Error(`The rate of ${kind} must be a number from 0 to 1`);
    }
    rates[kind as FaultKind] = rate;
    sum += rate;
  }
  if (sum > 1 + 1e-9) throw new Error(`The fault rates add up to ${sum}, more than 1`);
  const only = stringList(input.only, 'only');
  if (only?.some((c) => !(operationClasses as readonly string[]).includes(c))) {
    throw new Error(`only lists operation classes: ${operationClasses.join(', ')}`);
  }
  const databases = stringList(input.databases, 'databases');
  const retryAfterMs = input.retryAfterMs;
  if (
    retryAfterMs !== undefined &&
    (typeof retryAfterMs !== 'number' || !Number.isInteger(retryAfterMs) || retryAfterMs < 0)
  ) {
    throw new Error('retryAfterMs must be a whole number of milliseconds');
  }
  return {
    rates,
    ...(only && { only: only as OperationClass[] }),
    ...(databases && { databases }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  };
}

function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new Error(`${name} must be a list of strings`);
  return value as string[];
}
