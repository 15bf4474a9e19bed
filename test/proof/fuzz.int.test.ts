import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import fc from 'fast-check';
import { z } from 'zod';
import { isAssetSlot } from '../../domain/assets/assetSlots';
import { signWebhook } from '../../domain/certification/webhookSignature';
import { certificationCallbackSchema } from '../../domain/certification/certificationResult';
import { contactRequestSchema, testDriveRequestSchema } from '../../domain/leads/contactRequest';
import { sectionNames } from '../../domain/offer/sectionNames';
import { validFileFor } from '../support/assetUploads';
import { TEST_WEBHOOK_SECRET } from '../support/externalStandIns';
import { fuzzRuns } from '../support/jsonMutations';
import { createOfferBody } from '../support/offerFixtures';
import {
  fetchOpenApi,
  fullValue,
  hostHttpRoutes,
  minimalValue,
  publisherOperations,
  resolveRef,
  undocumentedOperations,
  type JsonSchema,
  type OpenApiDoc,
  type Operation,
} from '../support/openApiOperations';
import { uniqueAccount } from '../support/publisherApi';
import { publisherOn } from '../support/publishingStack';
import { cosmosClient, masterKeyHeader, stackInfo } from '../support/stack';
import {
  customerToken,
  eventually,
  publishTestDriveOffer,
  startTestDriveStack,
  type TestDriveStack,
} from '../support/testDriveStack';
import { caseOf, CURRENT_ETAG, FRESH_KEY, type Audience, type FuzzCase, type FuzzTarget } from './fuzzCases';
import {
  answerProblems,
  isHostRefusal,
  readLeadProblems,
  readSectionProblem,
  storedDocumentProblems,
  type Answer,
} from './fuzzChecks';

jest.setTimeout(600_000);

/**
 * Fuzzing every write operation over HTTP: the operations of the OpenAPI document (read at test
 * time, so a new endpoint is fuzzed without editing this file) and the registered write routes the
 * document leaves out (the customer storefront, the certification webhook). Each case starts from
 * a valid request (the smallest and fullest instance of the operation's request schema, the
 * current stored value, a valid file) and breaks its body, its headers or its path. Every answer
 * is checked (no 5xx, problem details naming fields); afterwards every stored document of the
 * fuzzing account passes its schema, read through the API and straight from Cosmos DB, and the
 * host still refuses what a polluted Object.prototype would let through.
 *
 * CI: 10,000 cases, 16 in flight. FUZZ_RUNS=<n> sets the number of cases (nightly: 100000),
 * FUZZ_CONCURRENCY the requests in flight, FUZZ_SEED replays a run (the seed is printed).
 */
const TOTAL = fuzzRuns(10_000);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 16);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Customers take turns: one test drive each at a time, capacity 3, and quotas per customer. */
const CUSTOMERS = 6;
const CUSTOMER_EMAIL = 'fuzz.customer@customer.example';

/** Request bodies of the routes the document leaves out, by function name (from the domain). */
const undocumentedBodies: Record<string, z.ZodType> = {
  createContactRequest: contactRequestSchema,
  startTestDrive: testDriveRequestSchema,
  certificationCallback: certificationCallbackSchema,
};
/** Registered routes that write nothing a publisher or customer sends (platform, documentation). */
const NOT_FUZZED = [/^health$/, /^openapi\.json$/, /^docs$/];

interface Tally {
  cases: number;
  statuses: Map<string, number>;
}

describe('Fuzzing every write operation over HTTP', () => {
  const account = uniqueAccount('fuzz');
  const liveOffer = 'fuzzed-live';
  const draftOffer = 'fuzzed-draft';
  let stack: TestDriveStack;
  let doc: OpenApiDoc;
  let targets: FuzzTarget[] = [];
  let publisherToken: string;
  const customerTokens: string[] = [];
  const sets: Record<'live' | 'draft', Record<string, string>> = { live: {}, draft: {} };
  /** The current ETag of each resource path (kept up to date from answers). */
  const etags = new Map<string, string>();
  const tallies = new Map<string, Tally>();
  const violations: string[] = [];
  const unfilled = new Set<string>();
  /** Requests sent again after the connection was reset before they reached the host. */
  let socketRetries = 0;
  /** The required body members of each operation (what the pollution probe leaves out). */
  const requiredOf = new Map<FuzzTarget, string[]>();

  const origin = () => stack.host.url;
  const opName = (op: Operation) => `${op.method} ${op.path}`;

  const readEtag = async (path: string): Promise<void> => {
    const res = await fetch(`${origin()}${path}`, { headers: { authorization: `Bearer ${publisherToken}` } });
    await res.arrayBuffer();
    const etag = res.headers.get('etag');
    if (res.status === 200 && etag) etags.set(path, etag);
  };

  beforeAll(async () => {
    const setupStarted = Date.now();
    stack = await startTestDriveStack();
    await publishTestDriveOffer(stack, account, liveOffer, 'dynamics365CustomerEngagement', (b) => {
      const dataverse = stack.standIns.dataverse;
      b['test-drive'].instanceUrl = dataverse.webApiUrl().replace(/\/api\/data\/.*$/, '');
      b['test-drive'].instanceWebApiUrl = dataverse.webApiUrl();
      b.setup.leadManagement = {
        destination: 'httpsEndpoint',
        notificationEmails: [],
        connection: { httpsEndpointUrl: `${stack.standIns.urls.leads}/https-endpoint/fuzz-${account}` },
      };
    });
    const as = await publisherOn(origin(), account, 'fuzzer');
    publisherToken = as.token;
    expect((await as.call('POST', '/offers', createOfferBody(draftOffer))).status).toBe(201);
    for (let i = 0; i < CUSTOMERS; i++)
      customerTokens.push(await customerToken(`fuzz-customer-${i}-${account}`, CUSTOMER_EMAIL));

    // The resources path parameters and bodies refer to: the live offer's, and the draft's.
    const listing = await as.call('GET', `/offers/${liveOffer}/sections/listing`);
    const upload = await as.call('POST', `/offers/${liveOffer}/assets/uploads`, { slot: 'screenshot' });
    const submissions = await as.call('GET', `/offers/${liveOffer}/submissions`);
    const customer = (path: string, body: unknown) =>
      fetch(`${origin()}/api${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${customerTokens[0]}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));
    const listingId = `${account}.${liveOffer}`;
    const contact = await customer(`/storefront/offers/${listingId}/contact-requests`, {
      firstName: 'Casey',
      lastName: 'Customer',
      email: CUSTOMER_EMAIL,
      company: 'Fabrikam',
      consent: true,
    });
    const drive = await customer(`/storefront/offers/${listingId}/test-drives`, {});
    expect([upload.status, contact.status, drive.status]).toEqual([201, 202, 202]);
    sets.live = {
      offerId: liveOffer,
      listingId,
      assetId: listing.body.value.images.smallLogo as string,
      uploadId: upload.body.uploadId as string,
      submissionId: submissions.body.items[0].submissionId as string,
      leadId: contact.body.leadId as string,
      sessionId: drive.body.sessionId as string,
      from: '1',
      to: '1',
      email: CUSTOMER_EMAIL,
    };
    sets.draft = { ...sets.live, offerId: draftOffer, listingId: `${account}.${draftOffer}` };
    await eventually(
      () => as.call('GET', `/offers/${liveOffer}/leads`),
      (r) => r.body?.items?.some((l: { delivery: { status: string } }) => l.delivery.status === 'delivered'),
      30_000,
      'first lead delivered',
    );

    // Every write operation: the document's, then the registered routes it leaves out.
    doc = await fetchOpenApi(origin());
    const documented = publisherOperations(doc);
    const routes = await hostHttpRoutes(origin(), masterKeyHeader());
    const undocumented = undocumentedOperations(routes, documented).filter(
      (op) => !NOT_FUZZED.some((re) => re.test(op.path.replace(/^\/api\//, ''))),
    );
    const writes = [...documented, ...undocumented].filter((op) => op.method !== 'GET');
    const fnOf = (op: Operation) =>
      routes.find(
        (r) => r.method === op.method && `/api/${r.route}`.replace(/\{([^}:?]+)[^}]*\}/g, '{$1}') === op.path,
      )?.name ?? '';

    const fill = (op: Operation, set: Record<string, string>) =>
      op.path.replace(/\{([^}]+)\}/g, (_, n: string) =>
        encodeURIComponent(set[n] ?? enumFirst(op, n) ?? `no-such-${n}`),
      );
    const enumFirst = (op: Operation, name: string) => {
      const schema = resolveRef(doc, op.pathParams.find((p) => p.name === name)?.schema);
      return Array.isArray(schema.enum) ? String(schema.enum[0]) : undefined;
    };
    for (const op of writes) {
      const audience: Audience = op.path.startsWith('/api/storefront/')
        ? 'customer'
        : op.path === '/api/certification/callback'
          ? 'webhook'
          : 'publisher';
      const schemaDoc: OpenApiDoc = op.jsonBody ? doc : { paths: {} };
      const zodBody = undocumentedBodies[fnOf(op)];
      const schema: JsonSchema | undefined =
        op.jsonBody ?? (zodBody ? z.toJSONSchema(zodBody, { io: 'input' }) : undefined);
      const bases: unknown[] = [];
      if (schema) {
        for (const set of [sets.live, sets.draft])
          bases.push(minimalValue(schemaDoc, schema, set), fullValue(schemaDoc, schema, set));
        // The value stored now (a section with real asset ids), when the resource has one.
        const current = await as.call('GET', fill(op, sets.live).replace(/^\/api/, ''));
        if (current.status === 200 && current.body?.value && typeof current.body.value === 'object')
          bases.push(current.body.value);
      }
      const files: Buffer[] = [];
      if (op.bytesBody) {
        const slots =
          (resolveRef(doc, op.pathParams.find((p) => p.name === 'slot')?.schema).enum as
            string[] | undefined) ?? [];
        for (const slot of slots.filter(isAssetSlot)) files.push(await validFileFor(slot, 1));
        if (files.length === 0) files.push(Buffer.from('probe'));
      }
      const properties = Object.keys(resolveRef(schemaDoc, schema).properties ?? {});
      const params = op.op.parameters ?? [];
      targets.push({
        op,
        audience,
        bases: [...new Map(bases.map((b) => [JSON.stringify(b), b])).values()],
        files,
        bodyNames: properties,
        ifMatch: params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match'),
        idempotencyKey: params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
      });
      requiredOf.set(targets.at(-1)!, (resolveRef(schemaDoc, schema).required as string[] | undefined) ?? []);
      for (const p of op.pathParams)
        if (sets.live[p.name] === undefined && enumFirst(op, p.name) === undefined)
          unfilled.add(`${opName(op)} {${p.name}}`);
      for (const set of [sets.live, sets.draft]) if (targets.at(-1)!.ifMatch) await readEtag(fill(op, set));
    }
    targets = targets.sort((a, b) => opName(a.op).localeCompare(opName(b.op)));
    // FUZZ_ONLY=<regex> fuzzes only the matching operations (to chase one failure).
    if (process.env.FUZZ_ONLY)
      targets = targets.filter((t) => new RegExp(process.env.FUZZ_ONLY!).test(opName(t.op)));
    console.log(
      `Fuzz set-up (stack, live offer, resources, ${targets.length} write operations): ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`,
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** Builds the request of a case, sends it, checks the answer, learns ETags and new resource ids. */
  const send = async (target: FuzzTarget, c: FuzzCase): Promise<void> => {
    const set = sets[c.set];
    const segment = (s: string) => (/%[0-9a-f]{2}/i.test(s) || s === '%' ? s : encodeURIComponent(s));
    const resourcePath = target.op.path.replace(/\{([^}]+)\}/g, (_, n: string) => {
      const schema = resolveRef(doc, target.op.pathParams.find((p) => p.name === n)?.schema);
      const choices = Array.isArray(schema.enum) ? (schema.enum as unknown[]) : [];
      const value =
        set[n] ?? (choices.length > 0 ? String(choices[c.pick % choices.length]) : `no-such-${n}`);
      return c.path?.param === n ? segment(c.path.segment) : encodeURIComponent(value);
    });
    const headers: Record<string, string> = { ...c.headers };
    if (target.audience === 'publisher') headers.authorization = `Bearer ${publisherToken}`;
    if (target.audience === 'customer') headers.authorization = `Bearer ${customerTokens[c.customer]}`;
    if (c.contentType !== null) headers['content-type'] = c.contentType;
    const current = etags.get(resourcePath) ?? '"unknown"';
    if (c.ifMatch !== null) headers['if-match'] = c.ifMatch.split(CURRENT_ETAG).join(current);
    if (c.idempotencyKey !== null)
      headers['idempotency-key'] = c.idempotencyKey === FRESH_KEY ? randomUUID() : c.idempotencyKey;
    const body =
      c.body === undefined
        ? undefined
        : 'json' in c.body
          ? Buffer.from(JSON.stringify(c.body.json) ?? 'null')
          : c.body.bytes;
    if (target.audience === 'webhook' && c.signed)
      Object.assign(
        headers,
        signWebhook(randomUUID(), Date.now() / 1000, (body ?? Buffer.alloc(0)).toString('utf8'), [
          TEST_WEBHOOK_SECRET,
        ]),
      );

    const name = opName(target.op);
    const tally = tallies.get(name) ?? { cases: 0, statuses: new Map<string, number>() };
    tallies.set(name, tally);
    tally.cases++;
    let answer: Answer;
    let etag: string | null;
    const request = () =>
      fetch(`${origin()}${resourcePath}${c.query ?? ''}`, {
        method: target.op.method,
        headers,
        body,
        signal: AbortSignal.timeout(30_000),
      });
    try {
      let res: Response;
      try {
        res = await request();
      } catch (error) {
        // A kept-alive connection the server closed just as it was reused: the request never
        // reached the host (undici retries only idempotent methods itself). Sent again once.
        const code = (error as { cause?: { code?: string } }).cause?.code;
        if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
        socketRetries++;
        res = await request();
      }
      answer = {
        status: res.status,
        contentType: res.headers.get('content-type'),
        retryAfter: res.headers.get('retry-after'),
        text: await res.text(),
      };
      etag = res.headers.get('etag');
    } catch (error) {
      const key = 'network error';
      tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + 1);
      const cause = (error as { cause?: unknown }).cause;
      violations.push(`${name} [${c.kind}]: ${String(error)} (${String(cause)}) ${describeCase(c)}`);
      return;
    }
    const key = isHostRefusal(answer) ? `${answer.status} (host)` : String(answer.status);
    tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + 1);
    // Node's HTTP server answers 431 itself past 16 KiB of request line and headers.
    const headerBytes =
      resourcePath.length +
      (c.query?.length ?? 0) +
      Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
    const hostRefusalAllowed = c.kind === 'path' || headerBytes > 15_000;
    for (const problem of answerProblems(answer, hostRefusalAllowed))
      violations.push(`${name} [${c.kind}]: ${problem} ${describeCase(c)}`);

    // What an accepted section write stored passes the section's stored schema.
    const section = /\/sections\/([^/]+)$/.exec(target.op.path)?.[1];
    if (section && target.op.method === 'PUT' && answer.status === 200) {
      const problem = readSectionProblem(section, (JSON.parse(answer.text) as { value: unknown }).value);
      if (problem) violations.push(`${name}: stored ${problem} ${describeCase(c)}`);
    }
    if (answer.status < 300 && etag && target.ifMatch) etags.set(resourcePath, etag);
    if (answer.status === 412 && c.ifMatch === CURRENT_ETAG) await readEtag(resourcePath);
    if (answer.status < 300 && c.set === 'live' && answer.text.startsWith('{')) {
      const learnt = JSON.parse(answer.text) as Record<string, unknown>;
      for (const k of ['uploadId', 'leadId', 'sessionId', 'submissionId'])
        if (typeof learnt[k] === 'string' && k in set) set[k] = learnt[k];
    }
  };

  /** `{}` to every operation whose body has required fields: refused, naming each of them. */
  const pollutionProbe = async (): Promise<string[]> => {
    const wrong: string[] = [];
    for (const t of targets.filter((t) => t.audience !== 'webhook')) {
      const requiredNames = requiredOf.get(t) ?? [];
      if (requiredNames.length === 0) continue;
      const path = t.op.path.replace(/\{([^}]+)\}/g, (_, n: string) =>
        encodeURIComponent(sets.live[n] ?? 'no-such'),
      );
      const token = t.audience === 'customer' ? customerTokens[0] : publisherToken;
      const res = await fetch(`${origin()}${path}`, {
        method: t.op.method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'if-match': etags.get(path) ?? '"x"',
        },
        body: '{}',
      });
      const text = await res.text();
      const pointers =
        res.status === 400
          ? ((JSON.parse(text) as { errors: { pointer: string }[] }).errors ?? []).map((e) => e.pointer)
          : [];
      const missing = requiredNames.filter((n) => !pointers.includes(`/${n}`));
      if (res.status !== 400 || missing.length > 0)
        wrong.push(
          `${opName(t.op)}: {} answered ${res.status}, fields not named: ${missing.join(', ')} ${text.slice(0, 200)}`,
        );
    }
    return wrong;
  };

  it(`When ${TOTAL} mutated requests go to every write operation, ${CONCURRENCY} in flight, then none fails with 5xx and every refusal is problem details naming its fields`, async () => {
    // Arrange: an even share of cases per operation, generated from the seed
    expect(unfilled.size === 0 ? [] : [...unfilled]).toEqual([]);
    expect(targets.length).toBeGreaterThanOrEqual(process.env.FUZZ_ONLY ? 1 : 20);
    const probeBefore = await pollutionProbe();
    expect(probeBefore).toEqual([]);
    const generating = Date.now();
    const perTarget = Math.ceil(TOTAL / targets.length);
    const cases: { target: FuzzTarget; c: FuzzCase }[] = [];
    targets.forEach((target, i) => {
      for (const c of fc.sample(caseOf(target, CUSTOMERS), { numRuns: perTarget, seed: SEED + i }))
        cases.push({ target, c });
    });
    const order = fc.sample(
      fc.shuffledSubarray(
        cases.map((_, i) => i),
        { minLength: cases.length, maxLength: cases.length },
      ),
      { numRuns: 1, seed: SEED },
    )[0]!;
    const generated = (Date.now() - generating) / 1000;
    const started = Date.now();
    const { pids } = stackInfo();
    const cpuBefore = {
      test: process.cpuUsage(),
      host: processCpuSeconds(stack.host.pid),
      standIns: processCpuSeconds(pids.standIns) + processCpuSeconds(pids.azurite),
    };

    // Act
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < order.length) {
          const { target, c } = cases[order[next++]!]!;
          await send(target, c);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const testCpu = process.cpuUsage(cpuBefore.test);
    const cpu = {
      generation: generated,
      test: (testCpu.user + testCpu.system) / 1e6,
      host: processCpuSeconds(stack.host.pid) - cpuBefore.host,
      standIns: processCpuSeconds(pids.standIns) + processCpuSeconds(pids.azurite) - cpuBefore.standIns,
    };

    // Assert
    printReport(tallies, cases.length, seconds, SEED, cpu);
    console.log(`Sent again after a reset kept-alive connection: ${socketRetries}`);
    if (violations.some((v) => /: 5\d\d /.test(v)))
      console.log(`Host log around the failures:\n${hostErrors()}`);
    expect(violations.slice(0, 30)).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(TOTAL);
    for (const t of targets)
      expect({ op: opName(t.op), cases: tallies.get(opName(t.op))?.cases ?? 0 }).toEqual({
        op: opName(t.op),
        cases: perTarget,
      });
    // Not every case can be a refusal: valid cases reach the operations.
    const accepted = [...tallies.values()].reduce(
      (n, t) => n + [...t.statuses].filter(([s]) => s.startsWith('2')).reduce((m, [, k]) => m + k, 0),
      0,
    );
    expect(accepted).toBeGreaterThan(TOTAL / 20);
    expect(await pollutionProbe()).toEqual([]);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('When the fuzzing is over, then every document of the account, read through the API and from Cosmos DB, passes its schema', async () => {
    // Through the API: every offer, its sections, its leads
    const problems: string[] = [];
    const offers: { offerId: string; alias?: string }[] = [];
    let token: string | undefined;
    do {
      const res = await fetch(
        `${origin()}/api/offers?pageSize=100${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`,
        { headers: { authorization: `Bearer ${publisherToken}` } },
      );
      const page = (await res.json()) as {
        items: { offerId: string; alias?: string }[];
        continuationToken?: string | null;
      };
      offers.push(...page.items);
      token = page.continuationToken ?? undefined;
    } while (token);
    expect(offers.length).toBeGreaterThanOrEqual(1);
    let sectionsRead = 0;
    for (const offer of offers) {
      for (const section of sectionNames) {
        const res = await fetch(
          `${origin()}/api/offers/${encodeURIComponent(offer.offerId)}/sections/${section}`,
          { headers: { authorization: `Bearer ${publisherToken}` } },
        );
        if (res.status !== 200) {
          problems.push(`GET ${offer.offerId}/${section}: ${res.status}`);
          continue;
        }
        sectionsRead++;
        const problem = readSectionProblem(section, ((await res.json()) as { value: unknown }).value);
        if (problem) problems.push(`API ${offer.offerId}/${section}: ${problem}`);
      }
    }
    const leads = (await (
      await fetch(`${origin()}/api/offers/${liveOffer}/leads?pageSize=100`, {
        headers: { authorization: `Bearer ${publisherToken}` },
      })
    ).json()) as { items: Record<string, unknown>[] };
    for (const lead of leads.items) problems.push(...readLeadProblems(lead));

    // Straight from Cosmos DB, with the real client: every container, the account's documents
    const db = cosmosClient().database(stackInfo().appSettings.COSMOS_DATABASE!);
    const byAccount = 'SELECT * FROM c WHERE c.accountId = @a';
    const byListing = 'SELECT * FROM c WHERE STARTSWITH(c.listingId, @l)';
    const counts: Record<string, number> = {};
    for (const [container, query] of Object.entries({
      offers: byAccount,
      offerSecrets: byAccount,
      submissions: byAccount,
      idempotencyKeys: byAccount,
      storefront: byListing,
      testDrives: byListing,
      offerLeads: byListing,
    })) {
      const { resources } = await db
        .container(container)
        .items.query<Record<string, unknown>>({
          query,
          parameters: [
            { name: '@a', value: account },
            { name: '@l', value: `${account}.` },
          ],
        })
        .fetchAll();
      counts[container] = resources.length;
      for (const d of resources) problems.push(...storedDocumentProblems(container, d));
    }
    console.log(
      `Stored documents of ${account}: ${JSON.stringify(counts)}; ${offers.length} offers, ${sectionsRead} sections and ${leads.items.length} leads read through the API`,
    );

    expect(problems.slice(0, 30)).toEqual([]);
    expect(counts.offers).toBeGreaterThan(offers.length);
    expect(counts.submissions).toBeGreaterThan(0);
    expect(counts.offerLeads).toBeGreaterThan(0);
  });
});

/** The error lines of the fuzzed host's log (its output goes to a file in the stack's state folder). */
function hostErrors(): string {
  try {
    const lines = readFileSync(`${stackInfo().stateDir}/testdrive-host-${process.pid}.log`, 'utf8').split(
      '\n',
    );
    return lines
      .flatMap((line, i) =>
        /error|Error|\s+at /.test(line) && !/ -> [1-4]\d\d /.test(line)
          ? [`${i}: ${line.slice(0, 400)}`]
          : [],
      )
      .slice(0, 80)
      .join('\n');
  } catch (error) {
    return String(error);
  }
}

function describeCase(c: FuzzCase): string {
  const body =
    c.body === undefined
      ? ''
      : 'json' in c.body
        ? (JSON.stringify(c.body.json, (_, v: unknown) =>
            typeof v === 'string' && v.length > 100 ? `${v.slice(0, 100)}…(${v.length})` : v,
          )?.slice(0, 3000) ?? '')
        : `<${c.body.bytes.length} bytes>`;
  const headers = Object.entries(c.headers).map(([k, v]) => `${k}: ${v.slice(0, 30)}`);
  return `(set ${c.set}, content-type ${String(c.contentType).slice(0, 40)}, if-match ${String(c.ifMatch).slice(0, 30)}, key ${String(c.idempotencyKey).slice(0, 30)}${headers.length ? `, ${headers.join(', ')}` : ''}${c.path ? `, {${c.path.param}}=${JSON.stringify(c.path.segment.slice(0, 40))}` : ''}${c.query ? `, query ${c.query.slice(0, 40)}` : ''}) ${body}`;
}

/** CPU seconds a process has used so far (Linux /proc; 0 elsewhere). */
function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function printReport(
  tallies: Map<string, Tally>,
  cases: number,
  seconds: number,
  seed: number,
  cpu: { generation: number; test: number; host: number; standIns: number },
): void {
  const all = new Map<string, number>();
  const lines = [...tallies].map(([op, t]) => {
    for (const [s, n] of t.statuses) all.set(s, (all.get(s) ?? 0) + n);
    const statuses = [...t.statuses].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}: ${n}`);
    return `${op.padEnd(68)} ${String(t.cases).padStart(6)}  ${statuses.join(', ')}`;
  });
  const histogram = [...all].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}: ${n}`);
  console.log(
    [
      `HTTP fuzz: ${cases} requests over ${tallies.size} write operations in ${seconds.toFixed(1)} s (${(cases / seconds).toFixed(0)} requests/s), seed ${seed}`,
      `CPU during the run: host ${cpu.host.toFixed(1)} s (${((cpu.host * 1000) / cases).toFixed(1)} ms per request), Cosmos DB and Azurite stand-ins ${cpu.standIns.toFixed(1)} s, test process (with the external stand-ins) ${cpu.test.toFixed(1)} s; cases generated in ${cpu.generation.toFixed(1)} s; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`,
      `${'operation'.padEnd(68)} ${'cases'.padStart(6)}  statuses`,
      ...lines,
      `status histogram: ${histogram.join(', ')}`,
    ].join('\n'),
  );
}
