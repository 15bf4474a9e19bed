import { generateKeyPair, SignJWT } from 'jose';
import { findProjectRoot } from '../../devhost/stack';
import { loadLocalIssuerKey, LOCAL_ACCOUNT_CLAIM, LOCAL_AUDIENCE, LOCAL_ISSUER, mintLocalToken } from '../../devhost/localIssuerKey';
import { isAssetSlot, slotRule } from '../../domain/assets/assetSlots';
import { armTemplatePackage, pdfDocument, pngOfSize } from '../support/assetFixtures';
import {
  fetchOpenApi,
  fillPath,
  minimalValue,
  paramValue,
  publisherOperations,
  routeMatchesPath,
  type OpenApiDoc,
  type Operation,
} from '../support/openApiOperations';
import { uniqueAccount } from '../support/publisherApi';
import { publisherOn } from '../support/publishingStack';
import { masterKeyHeader } from '../support/stack';
import { customerOn, eventually, publishTestDriveOffer, startTestDriveStack, type TestDriveStack } from '../support/testDriveStack';

jest.setTimeout(240_000);

/**
 * The isolation matrix: every publisher operation of the OpenAPI document the host serves
 * (operations with bearer security), called on resources of account A with account B's token,
 * with no token and with bad tokens. A's view of everything (every GET of the document, with A's
 * token) must be the same before and after.
 */

/** Routes that are not publisher endpoints (customers, the certification webhook, the platform). */
const NOT_PUBLISHER_ROUTES = [/^storefront\//, /^certification\/callback$/, /^health$/, /^openapi\.json$/, /^docs$/];

interface Call {
  status: number;
  etag: string | null;
  text: string;
}

describe('Isolation matrix over the OpenAPI document', () => {
  let stack: TestDriveStack;
  let doc: OpenApiDoc;
  let ops: Operation[];
  const accountA = uniqueAccount('iso-a');
  const accountB = uniqueAccount('iso-b');
  const offerId = 'isolated-offer';
  const resources: Record<string, string> = { offerId, from: '1', to: '1' };
  let tokenA: string;
  let tokenB: string;

  const call = async (op: Operation, token: string | undefined, opts: { ifMatch?: string } = {}): Promise<Call> => {
    const path = fillPath(doc, op, resources);
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    for (const p of op.op.parameters ?? []) {
      if (p.in === 'header' && p.name.toLowerCase() === 'if-match') headers['if-match'] = opts.ifMatch ?? '"0"';
    }
    let body: string | Uint8Array | undefined;
    if (op.jsonBody) {
      body = JSON.stringify(minimalValue(doc, op.jsonBody, resources));
      headers['content-type'] = 'application/json';
    } else if (op.bytesBody) {
      body = await fileForSlot(paramValue(doc, op, resources, 'slot'));
      headers['content-type'] = 'application/octet-stream';
    }
    const res = await fetch(`${stack.host.url}${path}`, { method: op.method, headers, body });
    return { status: res.status, etag: res.headers.get('etag'), text: await res.text() };
  };

  /** A's view: every GET operation, read with A's token (volatile read URLs and their expiry dropped). */
  const viewOfA = async (): Promise<Record<string, { status: number; etag: string | null; body: unknown }>> => {
    const view: Record<string, { status: number; etag: string | null; body: unknown }> = {};
    for (const op of ops.filter((o) => o.method === 'GET')) {
      const res = await call(op, tokenA);
      const body = res.text ? stripVolatile(JSON.parse(res.text)) : undefined;
      view[`GET ${op.path}`] = { status: res.status, etag: res.etag?.startsWith('W/') ? null : res.etag ?? null, body };
    }
    return view;
  };

  beforeAll(async () => {
    stack = await startTestDriveStack();
    const leadsPath = `isolation-${accountA}`;
    await publishTestDriveOffer(stack, accountA, offerId, 'dynamics365CustomerEngagement', (b) => {
      const dataverse = stack.standIns.dataverse;
      b['test-drive'].instanceUrl = dataverse.webApiUrl().replace(/\/api\/data\/.*$/, '');
      b['test-drive'].instanceWebApiUrl = dataverse.webApiUrl();
      b.setup.leadManagement = {
        destination: 'httpsEndpoint',
        notificationEmails: [],
        connection: { httpsEndpointUrl: `${stack.standIns.urls.leads}/https-endpoint/${leadsPath}` },
      };
    });
    const a = await publisherOn(stack.host.url, accountA, 'alice');
    tokenA = a.token;
    tokenB = (await publisherOn(stack.host.url, accountB, 'mallory')).token;

    // A's resources: a committed asset, an upload, the live submission, a delivered lead, a test drive session.
    const listing = await a.call('GET', `/offers/${offerId}/sections/listing`);
    resources.assetId = listing.body.value.images.smallLogo as string;
    const upload = await a.call('POST', `/offers/${offerId}/assets/uploads`, { slot: 'screenshot' });
    expect(upload.status).toBe(201);
    resources.uploadId = upload.body.uploadId as string;
    const submissions = await a.call('GET', `/offers/${offerId}/submissions`);
    resources.submissionId = submissions.body.items[0].submissionId as string;
    const customer = await customerOn(stack.host.url, `iso-customer-${accountA}`);
    const contact = await customer.call('POST', `/storefront/offers/${accountA}.${offerId}/contact-requests`, {
      firstName: 'Casey',
      lastName: 'Customer',
      email: customer.email,
      company: 'Fabrikam',
      consent: true,
    });
    expect(contact.status).toBe(202);
    resources.leadId = contact.body.leadId as string;
    // A running test drive session of A's offer (publisher list / end operations).
    const drive = await customer.call('POST', `/storefront/offers/${accountA}.${offerId}/test-drives`);
    expect(drive.status).toBe(202);
    resources.sessionId = drive.body.sessionId as string;
    await eventually(
      () => customer.call('GET', `/storefront/offers/${accountA}.${offerId}/test-drives/${resources.sessionId}`),
      (r) => r.body?.status === 'active',
      30_000,
      "A's test drive session active",
    );
    await eventually(
      () => a.call('GET', `/offers/${offerId}/leads`),
      (r) => r.body?.items?.[0]?.delivery?.status === 'delivered',
      30_000,
      "A's lead delivered",
    );

    doc = await fetchOpenApi(stack.host.url);
    ops = publisherOperations(doc);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('When the host registers an HTTP route for publishers, then the OpenAPI document lists it', async () => {
    // Arrange
    const res = await fetch(`${stack.host.url}/admin/functions`, { headers: masterKeyHeader() });
    const functions = (await res.json()) as { name: string; trigger: string; bindings: Record<string, Record<string, unknown>> }[];
    const routes = functions.flatMap((fn) =>
      Object.values(fn.bindings)
        .filter((b) => String(b.type).toLowerCase() === 'httptrigger')
        .flatMap((b) => ((b.methods as string[] | undefined) ?? ['GET']).map((m) => ({ name: fn.name, method: m.toUpperCase(), route: typeof b.route === 'string' ? b.route : fn.name }))),
    );

    // Act
    const missing = routes
      .filter((r) => !NOT_PUBLISHER_ROUTES.some((re) => re.test(r.route)))
      .filter((r) => !ops.some((op) => op.method === r.method && routeMatchesPath(r.route, op.path)))
      .map((r) => `${r.method} /api/${r.route} (${r.name})`);

    // Assert
    expect(routes.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it("When account B calls every publisher operation on account A's resources, then each answers 404 or 403 and A's view is unchanged", async () => {
    // Arrange
    const before = await viewOfA();
    expect(before[`GET /api/offers/{offerId}`]?.status).toBe(200);
    const withParams = ops.filter((o) => o.pathParams.length > 0);
    expect(withParams.length).toBeGreaterThanOrEqual(20);

    // Act
    const results: string[] = [];
    for (const op of withParams) {
      const etagOfA = (await fetch(`${stack.host.url}${fillPath(doc, op, resources)}`, { headers: { authorization: `Bearer ${tokenA}` } })).headers.get('etag') ?? undefined;
      const res = await call(op, tokenB, { ifMatch: etagOfA });
      const leaked = res.text.includes(accountA);
      if (![403, 404].includes(res.status) || leaked) results.push(`${op.method} ${op.path}: ${res.status} ${res.text.slice(0, 200)}`);
    }

    // Assert
    expect(results).toEqual([]);
    expect(await viewOfA()).toEqual(before);
  });

  it("When account B calls the operations without a resource in the path, then it sees none of A's offers and A's view is unchanged", async () => {
    // Arrange
    const before = await viewOfA();
    const scoped = ops.filter((o) => o.pathParams.length === 0);
    expect(scoped.length).toBeGreaterThanOrEqual(2);

    // Act
    const results = [];
    for (const op of scoped) results.push({ op: `${op.method} ${op.path}`, ...(await call(op, tokenB)) });

    // Assert: a create with A's offer id makes B's own offer; a list never shows A's
    for (const r of results) {
      expect({ op: r.op, status: r.status < 500 }).toEqual({ op: r.op, status: true });
      expect(r.text).not.toContain(accountA);
    }
    const listOfB = await fetch(`${stack.host.url}/api/offers`, { headers: { authorization: `Bearer ${tokenB}` } });
    const ownOffers = ((await listOfB.json()) as { items: { offerId: string; createdAt: string }[] }).items;
    expect(ownOffers.every((o) => o.offerId === offerId)).toBe(true);
    expect(await viewOfA()).toEqual(before);
  });

  it('When a publisher operation is called without a token or with an expired, wrongly signed, wrong-audience, wrong-issuer or alg none token, then it answers 401', async () => {
    // Arrange
    const key = await loadLocalIssuerKey(findProjectRoot(__dirname));
    const now = Math.floor(Date.now() / 1000);
    const claims = { [LOCAL_ACCOUNT_CLAIM]: accountA, oid: 'alice' };
    const stranger = await generateKeyPair('ES256');
    const badTokens: Record<string, string | undefined> = {
      none: undefined,
      expired: await mintLocalToken(key, { accountId: accountA, userId: 'alice', expiresInSeconds: -600 }),
      wronglySigned: await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setSubject('alice')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(stranger.privateKey),
      wrongAudience: await mintLocalToken(key, { accountId: accountA, userId: 'alice', audience: 'api://some-other-api' }),
      wrongIssuer: await mintLocalToken(key, { accountId: accountA, userId: 'alice', issuer: 'https://evil.example/' }),
      algNone: unsignedToken({ ...claims, iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, sub: 'alice', iat: now, exp: now + 600 }),
      garbage: 'not.a.jwt',
    };
    const before = await viewOfA();

    // Act
    const wrong: string[] = [];
    let calls = 0;
    for (const op of ops) {
      for (const [kind, token] of Object.entries(badTokens)) {
        const res = await call(op, token);
        calls++;
        if (res.status !== 401) wrong.push(`${kind} ${op.method} ${op.path}: ${res.status}`);
        else if (!JSON.parse(res.text).type) wrong.push(`${kind} ${op.method} ${op.path}: 401 without problem details`);
      }
    }

    // Assert
    expect(calls).toBe(ops.length * 7);
    expect(wrong).toEqual([]);
    expect(await viewOfA()).toEqual(before);
  });
});

function unsignedToken(payload: Record<string, unknown>): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

/** A valid file for an asset slot (so a refusal is about who asks, not about the bytes). */
async function fileForSlot(slot: string | undefined): Promise<Uint8Array> {
  if (!slot || !isAssetSlot(slot)) return Buffer.from('probe');
  const rule = slotRule(slot);
  if (rule.kind === 'image') return pngOfSize(rule.width, rule.height, 7);
  if (rule.kind === 'pdf') return pdfDocument('probe');
  return armTemplatePackage();
}

/** Drops what changes on every read without a change of state: signed read URLs and their expiry. */
function stripVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripVolatile);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !/^(url|urlExpiresAt|readUrl|expiresAt)$/i.test(k))
      .map(([k, v]) => [k, stripVolatile(v)]),
  );
}
