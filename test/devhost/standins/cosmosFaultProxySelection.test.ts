import {
  chooseFault,
  classifyRequest,
  databaseOf,
  faultKinds,
  parseFaultMix,
  type FaultKind,
  type FaultMix,
  type RequestShape,
} from '../../../devhost/standins/cosmosFaultProxySelection';

const pointRead: RequestShape = {
  method: 'GET',
  path: '/dbs/marketplace/colls/offers/docs/offer%3Aa',
  headers: {},
};
const query: RequestShape = {
  method: 'POST',
  path: '/dbs/marketplace/colls/offers/docs',
  headers: { 'x-ms-documentdb-isquery': 'True', 'content-type': 'application/query+json' },
};
const queryPlan: RequestShape = {
  method: 'POST',
  path: '/dbs/marketplace/colls/offers/docs',
  headers: { 'x-ms-cosmos-is-query-plan-request': 'True' },
};
const create: RequestShape = {
  method: 'POST',
  path: '/dbs/marketplace/colls/offers/docs',
  headers: { 'content-type': 'application/json' },
};
const replace: RequestShape = {
  method: 'PUT',
  path: '/dbs/marketplace/colls/offers/docs/x',
  headers: { 'if-match': '"1"' },
};
const batch: RequestShape = {
  method: 'POST',
  path: '/dbs/marketplace/colls/offers/docs',
  headers: { 'x-ms-cosmos-is-batch-request': 'True', 'x-ms-cosmos-batch-atomic': 'True' },
};
const engineWrite: RequestShape = {
  method: 'POST',
  path: '/dbs/durabletask-hub/colls/hub/docs',
  headers: {},
};

/** A seeded generator (mulberry32): the same sequence every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tally(
  mix: FaultMix,
  request: RequestShape,
  n: number,
  seed = 7,
): Record<FaultKind | 'none', number> {
  const random = seeded(seed);
  const counts = Object.fromEntries([...faultKinds, 'none'].map((k) => [k, 0])) as Record<
    FaultKind | 'none',
    number
  >;
  for (let i = 0; i < n; i++) counts[chooseFault(mix, request, random) ?? 'none']++;
  return counts;
}

describe('classifyRequest', () => {
  it('When the SDK reads a document or metadata, then it is a read', () => {
    expect(classifyRequest(pointRead)).toBe('read');
    expect(classifyRequest({ method: 'GET', path: '/', headers: {} })).toBe('read');
  });

  it('When the SDK posts a query or asks for a query plan, then it is a query', () => {
    expect(classifyRequest(query)).toBe('query');
    expect(classifyRequest(queryPlan)).toBe('query');
  });

  it('When the SDK creates, replaces, deletes or sends a batch, then it is a write', () => {
    expect(classifyRequest(create)).toBe('write');
    expect(classifyRequest(replace)).toBe('write');
    expect(classifyRequest(batch)).toBe('write');
    expect(classifyRequest({ method: 'DELETE', path: '/dbs/a/colls/b/docs/c', headers: {} })).toBe('write');
    expect(classifyRequest({ method: 'PATCH', path: '/dbs/a/colls/b/docs/c', headers: {} })).toBe('write');
  });
});

describe('chooseFault', () => {
  it('When no rate is set, then every request is forwarded', () => {
    expect(tally({ rates: {} }, create, 1000).none).toBe(1000);
  });

  it('When rates are set, then each fault is chosen about that often', () => {
    const mix: FaultMix = {
      rates: { throttle: 0.3, unavailable: 0.1, hang: 0.05, reset: 0.05, lostResponse: 0.1 },
    };
    const n = 20_000;
    const counts = tally(mix, create, n);
    for (const kind of ['throttle', 'unavailable', 'hang', 'reset', 'lostResponse'] as const) {
      expect(Math.abs(counts[kind] / n - mix.rates[kind]!)).toBeLessThan(0.015);
    }
    expect(counts.timeout).toBe(0);
    expect(Math.abs(counts.none / n - 0.4)).toBeLessThan(0.015);
  });

  it('When the draw falls on a boundary, then the rates are laid end to end in a fixed order', () => {
    const mix: FaultMix = { rates: { throttle: 0.25, reset: 0.25 } };
    expect(chooseFault(mix, create, () => 0)).toBe('throttle');
    expect(chooseFault(mix, create, () => 0.2499)).toBe('throttle');
    expect(chooseFault(mix, create, () => 0.25)).toBe('reset');
    expect(chooseFault(mix, create, () => 0.4999)).toBe('reset');
    expect(chooseFault(mix, create, () => 0.5)).toBeUndefined();
  });

  it('When every request must fail, then a rate of 1 never forwards', () => {
    expect(tally({ rates: { unavailable: 1 } }, pointRead, 500).unavailable).toBe(500);
  });

  it('When faults are limited to writes, then reads and queries always pass', () => {
    const mix: FaultMix = { rates: { throttle: 1 }, only: ['write'] };
    expect(tally(mix, pointRead, 200).none).toBe(200);
    expect(tally(mix, query, 200).none).toBe(200);
    expect(tally(mix, batch, 200).throttle).toBe(200);
  });

  it('When faults are limited to reads and queries, then writes always pass', () => {
    const mix: FaultMix = { rates: { reset: 1 }, only: ['read', 'query'] };
    expect(tally(mix, replace, 100).none).toBe(100);
    expect(tally(mix, queryPlan, 100).reset).toBe(100);
    expect(tally(mix, pointRead, 100).reset).toBe(100);
  });

  it('When faults are limited to a database, then other databases and account requests pass', () => {
    const mix: FaultMix = { rates: { throttle: 1 }, databases: ['marketplace'] };
    expect(tally(mix, engineWrite, 100).none).toBe(100);
    expect(tally(mix, { method: 'GET', path: '/', headers: {} }, 100).none).toBe(100);
    expect(tally(mix, create, 100).throttle).toBe(100);
  });

  it('When a database name is URL-encoded in the path, then it is decoded before comparing', () => {
    expect(databaseOf('/dbs/my%20db/colls/c')).toBe('my db');
    expect(databaseOf('/')).toBeUndefined();
  });

  it('When the mix is filtered out, then no random draw is taken', () => {
    let draws = 0;
    chooseFault({ rates: { throttle: 1 }, only: ['write'] }, pointRead, () => (draws++, 0));
    expect(draws).toBe(0);
  });
});

describe('parseFaultMix', () => {
  it('When the mix is valid, then it comes back typed', () => {
    expect(
      parseFaultMix({
        rates: { throttle: 0.3, hang: 0.1 },
        only: ['write'],
        databases: ['marketplace'],
        retryAfterMs: 50,
      }),
    ).toEqual({
      rates: { throttle: 0.3, hang: 0.1 },
      only: ['write'],
      databases: ['marketplace'],
      retryAfterMs: 50,
    });
    expect(parseFaultMix({})).toEqual({ rates: {} });
  });

  it.each([
    [[], /is an object/],
    [{ rates: { meltdown: 0.1 } }, /Unknown fault "meltdown"/],
    [{ rates: { throttle: 1.5 } }, /from 0 to 1/],
    [{ rates: { throttle: -0.1 } }, /from 0 to 1/],
    [{ rates: { throttle: 0.6, reset: 0.6 } }, /add up to 1.2/],
    [{ only: ['delete'] }, /operation classes/],
    [{ databases: 'marketplace' }, /list of strings/],
    [{ retryAfterMs: 1.5 }, /whole number/],
    [{ rate: { throttle: 0.1 } }, /Unknown fault mix member "rate"/],
  ])('When the mix is %j, then it is refused', (value, message) => {
    expect(() => parseFaultMix(value)).toThrow(message);
  });
});
