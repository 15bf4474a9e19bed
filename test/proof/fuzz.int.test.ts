import fc from 'fast-check';
import { sectionNames, type SectionName } from '../../domain/offer/sectionNames';
import { sectionStoredSchemas } from '../../domain/offer/sectionSchemas';
import { completeOfferWrite, createOfferBody } from '../support/offerFixtures';
import { fetchOpenApi, fillPath, publisherOperations, type OpenApiDoc, type Operation } from '../support/openApiOperations';
import { fuzzRuns, hostileValue, mutatedBody } from '../support/jsonMutations';
import { callApi, publisher, uniqueAccount } from '../support/publisherApi';
import { cosmosClient, hostUrl, stackInfo } from '../support/stack';

jest.setTimeout(240_000);

/**
 * Fuzzing over HTTP against the integration host: mutated section bodies, raw hostile bodies to
 * every write operation of the OpenAPI document, hostile paths and headers. No answer is a 5xx,
 * every refusal is problem+json naming a field where a field is at fault, and every stored section
 * (read back through the API and straight from Cosmos DB) passes its own stored schema.
 */
const sectionRuns = fuzzRuns(60);
const rawRuns = fuzzRuns(40);

describe('Fuzzing the publisher API', () => {
  const account = uniqueAccount('fuzz');
  const offerId = 'fuzzed-offer';
  let as: Awaited<ReturnType<typeof publisher>>;
  let doc: OpenApiDoc;
  let writeOps: Operation[];
  const resources: Record<string, string> = { offerId, assetId: 'no-such-asset', submissionId: 'no-such-submission', leadId: 'no-such-lead' };

  beforeAll(async () => {
    as = await publisher(account, 'fuzzer');
    expect((await as.post('/offers', createOfferBody(offerId))).status).toBe(201);
    doc = await fetchOpenApi(stackInfo().urls.host);
    writeOps = publisherOperations(doc).filter((o) => o.method !== 'GET');
  });

  const expectProblem = (res: { status: number; headers: Headers; body: any }, what: string) => {
    expect({ what, status: res.status < 500 }).toEqual({ what, status: true });
    if (res.status >= 400) {
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: res.status, code: expect.any(String), errors: expect.any(Array) });
      if (res.body.code === 'validationFailed') {
        expect(res.body.errors.length).toBeGreaterThan(0);
        for (const e of res.body.errors) expect(e.pointer).toMatch(/^(\/.*)?$/);
      }
    }
  };

  it('When mutated section bodies are PUT, then none fails with 5xx, refusals name fields, and what is stored passes its schema', async () => {
    const bases = completeOfferWrite();
    const etags: Partial<Record<SectionName, string>> = {};
    for (const section of sectionNames) etags[section] = (await as.get(`/offers/${offerId}/sections/${section}`)).headers.get('etag')!;
    let saved = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...sectionNames).chain((s) => mutatedBody(bases[s]).map((body) => ({ s, body }))), async ({ s, body }) => {
        const res = await as.put(`/offers/${offerId}/sections/${s}`, body, etags[s]);
        expectProblem(res, `PUT ${s}`);
        if (res.status === 200) {
          saved++;
          etags[s] = res.headers.get('etag')!;
          const parsed = sectionStoredSchemas[s].safeParse(res.body.value);
          expect(parsed.success ? 'ok' : JSON.stringify(parsed.error.issues)).toBe('ok');
        } else {
          expect([400, 413]).toContain(res.status);
        }
      }),
      { numRuns: sectionRuns * sectionNames.length },
    );

    // Read back: through the API and from Cosmos DB with the real client
    for (const section of sectionNames) {
      const read = await as.get(`/offers/${offerId}/sections/${section}`);
      expect(read.status).toBe(200);
      if (read.body.value !== null) expect(sectionStoredSchemas[section].safeParse(read.body.value).success).toBe(true);
    }
    const { resources: docs } = await cosmosClient()
      .database(stackInfo().appSettings.COSMOS_DATABASE!)
      .container('offers')
      .items.query({ query: 'SELECT * FROM c WHERE c.accountId = @a AND (c.type = "section" OR c.type = "sectionHistory")', parameters: [{ name: '@a', value: account }] }, { partitionKey: account })
      .fetchAll();
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) {
      if (d.value === null) continue;
      const parsed = sectionStoredSchemas[d.section as SectionName].safeParse(d.value);
      expect({ id: d.id, ok: parsed.success }).toEqual({ id: d.id, ok: true });
    }
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(saved).toBeGreaterThan(0);
  });

  it('When raw hostile bodies (invalid JSON and UTF-8, 1 MB strings, deep nesting, prototype keys) go to every write operation, then none fails with 5xx and refusals are problem details', async () => {
    const rawBody = fc.oneof(
      fc.constant(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), // {"a":"<invalid UTF-8>"}
      fc.constant(Buffer.from('{"a":')),
      fc.constant(Buffer.from(JSON.stringify({ name: 'x'.repeat(1_048_576) }))),
      fc.constant(Buffer.from(`${'{"d":'.repeat(5000)}1${'}'.repeat(5000)}`)),
      fc.constant(Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)),
      fc.constant(Buffer.from('{"__proto__":{"polluted":true},"offerId":"p","alias":"p"}')),
      fc.constant(Buffer.from('{"constructor":{"prototype":{"polluted":true}}}')),
      fc.constant(Buffer.from('{"offerId":"emoji-😀","alias":"名前 😀👩‍👩‍👧"}')),
      hostileValue.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    );
    const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/merge-patch+json', '', 'application/json; charset=latin1');
    const ifMatch = fc.constantFrom(undefined, '*', '"x"', 'W/"x"', '"a", "b"', '\u00ff');
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writeOps), rawBody, contentType, ifMatch, async (op, body, type, etag) => {
        const headers: Record<string, string> = {};
        if (type) headers['content-type'] = type;
        if (etag !== undefined) headers['if-match'] = etag;
        const res = await callApi(fillPath(doc, op, resources).replace(/^\/api/, ''), { method: op.method, token: as.token, rawBody: body, headers });
        calls++;
        expectProblem(res, `${op.method} ${op.path}`);
      }),
      { numRuns: rawRuns * writeOps.length },
    );
    expect(calls).toBe(rawRuns * writeOps.length);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('When paths carry hostile offer ids and section names, then the answer is 4xx problem details, never 5xx', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      fc.constantFrom('..', '%2e%2e', '%00', '%ff', 'a'.repeat(3000), '__proto__', 'constructor', "'", 'x"y', '😀', 'offer:1', 'section:x'),
    );
    await fc.assert(
      fc.asyncProperty(segment, segment, fc.constantFrom('GET', 'PUT', 'DELETE'), async (offer, section, method) => {
        const enc = (s: string) => (/%[0-9a-f]{2}/i.test(s) ? s : encodeURIComponent(s));
        const res = await fetch(hostUrl(`/api/offers/${enc(offer) || 'x'}/sections/${enc(section) || 'x'}`), {
          method,
          headers: { authorization: `Bearer ${as.token}`, 'content-type': 'application/json', 'if-match': '"x"' },
          body: method === 'PUT' ? '{}' : undefined,
        });
        expect({ offer, section, status: res.status < 500 }).toEqual({ offer, section, status: true });
      }),
      { numRuns: rawRuns * 2 },
    );
  });
});
