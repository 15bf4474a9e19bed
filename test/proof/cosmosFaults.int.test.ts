import { randomBytes, randomUUID } from 'node:crypto';
import type { HostProcess } from '../../devhost/stack';
import {
  startCosmosFaultProxy,
  type CosmosFaultProxy,
  type FaultCounters,
} from '../../devhost/standins/cosmosFaultProxy';
import type { FaultMix } from '../../devhost/standins/cosmosFaultProxySelection';
import type { ExternalStandIns } from '../../devhost/standins/externalStandIns';
import { sectionNames } from '../../domain/offer/sectionNames';
import { idempotencyLockSeconds } from '../../domain/publishing/idempotency';
import { startTestExternalStandIns } from '../support/externalStandIns';
import { completePropertiesWrite, fixtureAlias } from '../support/offerFixtures';
import { createCompleteOffer } from '../support/publishingStack';
import { uniqueAccount } from '../support/publisherApi';
import { publisherOn, waitForSubmission, type HostResponse } from '../support/publishingStack';
import { cosmosClient, stackInfo } from '../support/stack';
import {
  customerOn,
  eventually,
  publishTestDriveOffer,
  startTestDriveHost,
  testDriveHostEnv,
  type TestDriveStack,
} from '../support/testDriveStack';
import { storedDocumentProblems } from './fuzzChecks';

/**
 * Cosmos DB faults injected between a host of the test's own and the Cosmos DB stand-in (the
 * fault proxy, devhost/standins/cosmosFaultProxy.ts), under a mixed workload over HTTP: throttling,
 * then timeouts and hangs, then resets and lost responses. While faults are on, no answer is a 5xx
 * other than 503, and every 503 is problem details with Retry-After. With faults off, every write
 * answered 2xx is stored, every write answered 503 happened completely or not at all, no document
 * fails its schema, and submissions started during the faults finish.
 *
 * The durable engine's own task hub goes through a second proxy that throttles (429) throughout:
 * its writes must retry them without losing or repeating work.
 */

const PHASE_MS = Number(process.env.COSMOS_FAULT_PHASE_MS ?? 8_000);

const phases: ReadonlyArray<{ name: string; mix: FaultMix }> = [
  { name: 'throttling', mix: { rates: { throttle: 0.3 }, retryAfterMs: 200 } },
  { name: 'timeouts', mix: { rates: { hang: 0.06, timeout: 0.07, unavailable: 0.07 } } },
  { name: 'resets', mix: { rates: { reset: 0.1, lostResponse: 0.1 } } },
];

interface Answer {
  readonly phase: string;
  readonly what: string;
  readonly status: number;
  readonly retryAfter: string | null;
  readonly contentType: string | null;
  readonly body: unknown;
}

let standIns: ExternalStandIns;
let host: HostProcess;
let appProxy: CosmosFaultProxy;
let engineProxy: CosmosFaultProxy;
const accountId = uniqueAccount('cosmosfaults');
const scriptedDraws: number[] = [];

beforeAll(async () => {
  const cosmos = stackInfo().appSettings.COSMOS_ENDPOINT!;
  [appProxy, engineProxy] = await Promise.all([
    // Draws come from `scriptedDraws` first (the targeted tests), then at random.
    startCosmosFaultProxy({ target: cosmos, random: () => scriptedDraws.shift() ?? Math.random() }),
    startCosmosFaultProxy({ target: cosmos }),
  ]);
  standIns = await startTestExternalStandIns();
  host = await startTestDriveHost(
    {
      ...testDriveHostEnv(standIns, `cosmosfaults${randomBytes(4).toString('hex')}`),
      COSMOS_ENDPOINT: appProxy.url,
      DEVHOST_DURABLE_COSMOS_ENDPOINT: engineProxy.url,
    },
    'cosmosfaults',
  );
}, 60_000);

afterAll(async () => {
  await host?.stop();
  standIns?.close();
  await Promise.all([appProxy?.close(), engineProxy?.close()]);
});

function record(answers: Answer[], phase: string, what: string, res: HostResponse): HostResponse {
  answers.push({
    phase,
    what,
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    contentType: res.headers.get('content-type'),
    body: res.body,
  });
  return res;
}

describe('Cosmos DB faults: throttling, timeouts, resets', () => {
  it('When Cosmos DB throttles, times out and drops connections, then the API answers 503 with Retry-After (never 500) and nothing is lost or half-written', async () => {
    const started = Date.now();
    const as = await publisherOn(host.url, accountId, 'alice');
    const answers: Answer[] = [];

    // Before the faults: a live offer (storefront, contact requests), offers ready to submit,
    // offers whose properties section the writers edit.
    const listingOffer = 'live-offer';
    const listingId = await publishTestDriveOffer(
      { host, standIns } as TestDriveStack,
      accountId,
      listingOffer,
      'dynamics365CustomerEngagement',
      () => undefined,
    );
    const editable = ['edit-a', 'edit-b', 'edit-c'];
    for (const offerId of editable) {
      expect((await as.call('POST', '/offers', { offerId, alias: fixtureAlias })).status).toBe(201);
    }
    const submittable = phases.map(({ name }) => `submit-${name}`);
    await Promise.all(submittable.map((offerId) => createCompleteOffer(accountId, offerId)));
    const setupMs = Date.now() - started;

    const sentVersions = new Map<string, Array<{ appVersion: string; status: number }>>();
    const created: Array<{ offerId: string; status: number }> = [];
    const contactRequests: Array<{ leadId?: string; status: number }> = [];
    const submissions: Array<{
      phase: string;
      offerId: string;
      submissionId?: string;
      status: number;
      attempts: number;
      body?: unknown;
    }> = [];
    let counter = 0;

    const editLoop = async (phase: string, offerId: string, until: number): Promise<void> => {
      while (Date.now() < until) {
        const read = record(
          answers,
          phase,
          'GET section',
          await as.call('GET', `/offers/${offerId}/sections/properties`),
        );
        if (read.status !== 200) continue;
        const appVersion = `1.${++counter}.0.0`;
        const put = record(
          answers,
          phase,
          'PUT section',
          await as.call(
            'PUT',
            `/offers/${offerId}/sections/properties`,
            { ...completePropertiesWrite(), appVersion },
            { 'if-match': read.headers.get('etag')! },
          ),
        );
        const list = sentVersions.get(offerId) ?? [];
        list.push({ appVersion, status: put.status });
        sentVersions.set(offerId, list);
      }
    };
    const createLoop = async (phase: string, until: number): Promise<void> => {
      while (Date.now() < until) {
        const offerId = `new-${phase}-${++counter}`;
        const res = record(
          answers,
          phase,
          'POST offer',
          await as.call('POST', '/offers', { offerId, alias: fixtureAlias }),
        );
        created.push({ offerId, status: res.status });
      }
    };
    const readLoop = async (phase: string, until: number): Promise<void> => {
      const paths = [
        '/offers?pageSize=20',
        `/offers/${editable[0]}/review`,
        `/offers/${listingOffer}`,
        `/offers/${listingOffer}/submissions`,
        `/offers/${editable[1]}/sections/properties/history`,
      ];
      for (let i = 0; Date.now() < until; i++) {
        const path = paths[i % paths.length]!;
        record(
          answers,
          phase,
          `GET ${path.split('?')[0]!.replace(/\/(edit|live)-[a-z-]+/g, '/{offerId}')}`,
          await as.call('GET', path),
        );
      }
    };
    const storefrontLoop = async (phase: string, until: number): Promise<void> => {
      for (let i = 0; Date.now() < until; i++) {
        const path = i % 2 === 0 ? '/storefront/offers' : `/storefront/offers/${listingId}`;
        const res = await fetch(`${host.url}/api${path}`);
        const text = await res.text();
        record(
          answers,
          phase,
          `GET ${i % 2 === 0 ? '/storefront/offers' : '/storefront/offers/{listingId}'}`,
          {
            status: res.status,
            headers: res.headers,
            body: text === '' ? undefined : (JSON.parse(text) as unknown),
          },
        );
      }
    };
    const contactLoop = async (phase: string, until: number): Promise<void> => {
      while (Date.now() < until) {
        const customer = await customerOn(host.url, `c${++counter}-${randomUUID().slice(0, 8)}`);
        const res = record(
          answers,
          phase,
          'POST contact request',
          await customer.call('POST', `/storefront/offers/${listingId}/contact-requests`, {
            firstName: 'Dana',
            lastName: 'Fault',
            email: customer.email,
            company: 'Fabrikam',
            consent: true,
          }),
        );
        contactRequests.push({
          status: res.status,
          leadId: (res.body as { leadId?: string } | undefined)?.leadId,
        });
      }
    };
    /**
     * A client that retries a 503 (and a 409 "key still in use") with the same Idempotency-Key
     * after Retry-After, as the API asks, for a while after the phase ends.
     */
    const submitLoop = async (phase: string, offerId: string, until: number): Promise<void> => {
      const key = randomUUID();
      for (let attempts = 1; ; attempts++) {
        const res = record(
          answers,
          phase,
          'POST submission',
          await as.call(
            'POST',
            `/offers/${offerId}/submissions`,
            { notesForCertification: phase },
            { 'idempotency-key': key },
          ),
        );
        const retry =
          res.status === 503 ||
          (res.status === 409 && (res.body as { code?: string }).code === 'idempotencyKeyInUse');
        if (!retry || Date.now() > until + 10_000) {
          submissions.push({
            phase,
            offerId,
            status: res.status,
            attempts,
            submissionId: (res.body as { submissionId?: string } | undefined)?.submissionId,
            body: res.status === 202 ? undefined : res.body,
          });
          return;
        }
        await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? '1') * 1000));
      }
    };

    const proxyFigures: Array<{ phase: string; app: FaultCounters; engine: FaultCounters }> = [];
    engineProxy.setMix({ rates: { throttle: 0.3 }, retryAfterMs: 100 });
    for (const { name, mix } of phases) {
      appProxy.setMix(mix);
      appProxy.resetCounters();
      engineProxy.resetCounters();
      const until = Date.now() + PHASE_MS;
      await Promise.all([
        ...editable.map((offerId) => editLoop(name, offerId, until)),
        createLoop(name, until),
        readLoop(name, until),
        storefrontLoop(name, until),
        contactLoop(name, until),
        // One submission per phase, of an offer of its own.
        submitLoop(name, `submit-${name}`, until),
      ]);
      proxyFigures.push({ phase: name, app: appProxy.counters(), engine: engineProxy.counters() });
    }
    appProxy.setMix({ rates: {} });
    engineProxy.setMix({ rates: {} });

    // 1. While faults were on: no 5xx but 503, and every 503 is problem details with Retry-After.
    const wrong = answers.filter(
      (a) =>
        (a.status >= 500 && a.status !== 503) ||
        (a.status === 503 &&
          (!/^[1-9]\d*$/.test(a.retryAfter ?? '') ||
            !a.contentType?.startsWith('application/problem+json') ||
            (a.body as { status?: number } | undefined)?.status !== 503)),
    );
    expect(
      wrong.map((a) => `${a.phase} ${a.what} ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`),
    ).toEqual([]);

    // 2. Section writes: answered 200 = stored once; answered 503 = stored completely or not at
    // all; section and history agree (through the API).
    const problems: string[] = [];
    for (const offerId of editable) {
      const section = await as.call('GET', `/offers/${offerId}/sections/properties`);
      const history: Array<{ revision: number; value: { appVersion: string } }> = [];
      for (let token: string | undefined; ;) {
        const page = await as.call(
          'GET',
          `/offers/${offerId}/sections/properties/history?pageSize=100${token ? `&continuationToken=${token}` : ''}`,
        );
        expect(page.status).toBe(200);
        history.push(...(page.body.items as typeof history));
        token = page.body.continuationToken as string | undefined;
        if (!token) break;
      }
      const revision = section.body.revision as number;
      const revisions = history.map((h) => h.revision).sort((a, b) => a - b);
      if (JSON.stringify(revisions) !== JSON.stringify(Array.from({ length: revision }, (_, i) => i + 1))) {
        problems.push(
          `${offerId}: section at revision ${revision}, history has ${JSON.stringify(revisions)}`,
        );
      }
      const latest = history.find((h) => h.revision === revision);
      if (latest?.value.appVersion !== section.body.value?.appVersion) {
        problems.push(
          `${offerId}: section ${section.body.value?.appVersion} vs history ${latest?.value.appVersion}`,
        );
      }
      const stored = history.map((h) => h.value.appVersion);
      for (const sent of sentVersions.get(offerId) ?? []) {
        const times = stored.filter((v) => v === sent.appVersion).length;
        if (sent.status === 200 && times !== 1)
          problems.push(`${offerId}: 200 write ${sent.appVersion} stored ${times} times`);
        if (sent.status === 503 && times > 1)
          problems.push(`${offerId}: 503 write ${sent.appVersion} stored ${times} times`);
        if (![200, 503].includes(sent.status))
          problems.push(`${offerId}: write ${sent.appVersion} answered ${sent.status}`);
      }
      const sentSet = new Set((sentVersions.get(offerId) ?? []).map((s) => s.appVersion));
      for (const v of stored) if (!sentSet.has(v)) problems.push(`${offerId}: stored ${v} was never sent`);
    }

    // 3. Offers: 201 = there; 503 = there completely (offer and all sections) or not there.
    const db = cosmosClient().database(stackInfo().appSettings.COSMOS_DATABASE ?? 'marketplace');
    const { resources: offerDocs } = await db
      .container('offers')
      .items.query<Record<string, unknown>>({
        query: 'SELECT * FROM c WHERE c.accountId = @a',
        parameters: [{ name: '@a', value: accountId }],
      })
      .fetchAll();
    for (const { offerId, status } of created) {
      const offer = offerDocs.find((d) => d.type === 'offer' && d.offerId === offerId);
      const sections = offerDocs.filter(
        (d) =>
          d.type === 'section' &&
          d.offerId === offerId &&
          offer !== undefined &&
          d.incarnation === offer.incarnation,
      );
      const api = await as.call('GET', `/offers/${offerId}`);
      if (status === 201 && (offer === undefined || api.status !== 200))
        problems.push(`created ${offerId} missing`);
      if (status !== 201 && status !== 503) problems.push(`create ${offerId} answered ${status}`);
      if (offer !== undefined && sections.length !== sectionNames.length) {
        problems.push(`${offerId}: ${sections.length} of ${sectionNames.length} sections stored`);
      }
      if (offer === undefined && api.status !== 404)
        problems.push(`${offerId}: not stored, API says ${api.status}`);
    }

    // 4. Straight in Cosmos DB: every document of the account passes its schema, and each
    // section edited agrees with its history documents.
    for (const container of ['offers', 'offerSecrets', 'offerLeads', 'submissions']) {
      const exists = await db
        .container(container)
        .read()
        .then(
          () => true,
          () => false,
        );
      if (!exists) continue;
      const { resources } = await db
        .container(container)
        .items.query<Record<string, unknown>>({
          query: 'SELECT * FROM c WHERE c.accountId = @a',
          parameters: [{ name: '@a', value: accountId }],
        })
        .fetchAll();
      for (const doc of resources) problems.push(...storedDocumentProblems(container, doc));
    }
    for (const offerId of editable) {
      const section = offerDocs.find(
        (d) => d.type === 'section' && d.offerId === offerId && d.section === 'properties',
      );
      const historyDocs = offerDocs.filter(
        (d) => d.type === 'sectionHistory' && d.offerId === offerId && d.section === 'properties',
      );
      if (historyDocs.length !== section?.revision) {
        problems.push(
          `${offerId} in Cosmos DB: revision ${String(section?.revision)}, ${historyDocs.length} history documents`,
        );
      }
    }

    // 5. Submissions started during the faults finish: every submission of those offers leaves
    // the automatic stages (none blocks its offer), the ones answered 202 reach preview, each
    // stage once. Contact requests answered 202 are leads of the offer.
    for (const s of submissions) {
      if (s.status !== 202) {
        problems.push(
          `submission in ${s.phase} answered ${s.status} ${JSON.stringify(s.body)} after ${s.attempts} attempts`,
        );
      }
      const listed = await as.call('GET', `/offers/${s.offerId}/submissions`);
      for (const { submissionId } of listed.body.items as Array<{ submissionId: string }>) {
        const done = await waitForSubmission(
          as,
          s.offerId,
          submissionId,
          (x) => !['submitted', 'certification', 'provisioning'].includes(x.state as string),
          60_000,
        );
        if (submissionId === s.submissionId && done.state !== 'preview')
          problems.push(`submission ${submissionId}: ${done.state}`);
        const stages = (done.timeline as Array<{ stage: string }>).map((t) => t.stage);
        if (new Set(stages).size !== stages.length)
          problems.push(`submission ${submissionId}: stages ${stages.join(',')}`);
      }
    }
    const accepted = contactRequests.filter((c) => c.status === 202).map((c) => c.leadId!);
    await eventually(
      async () => {
        const ids = new Set<string>();
        for (let token: string | undefined; ;) {
          const page = await as.call(
            'GET',
            `/offers/${listingOffer}/leads?pageSize=100${token ? `&continuationToken=${token}` : ''}`,
          );
          for (const lead of page.body.items as Array<{ leadId: string }>) ids.add(lead.leadId);
          token = page.body.continuationToken as string | undefined;
          if (!token) break;
        }
        return accepted.filter((id) => !ids.has(id));
      },
      (missing) => missing.length === 0,
      20_000,
      'every accepted contact request is a lead',
    );

    // Figures for docs/proof.md.
    const byStatus = (list: Answer[]): Record<number, number> =>
      list.reduce<Record<number, number>>((acc, a) => ((acc[a.status] = (acc[a.status] ?? 0) + 1), acc), {});
    const figures = {
      setupMs,
      requests: answers.length,
      byPhase: phases.map(({ name }) => ({
        phase: name,
        statuses: byStatus(answers.filter((a) => a.phase === name)),
      })),
      proxies: proxyFigures.map(({ phase, app, engine }) => ({
        phase,
        app: { requests: app.requests, faults: app.faults, forwarded: app.forwarded },
        engineThrottled: engine.faults.throttle,
      })),
      sectionWrites: [...sentVersions.values()].flat().length,
      offersCreated: created.length,
      contactRequests: contactRequests.length,
      submissions,
    };
    console.log(`Cosmos DB fault run: ${JSON.stringify(figures)}`);
    expect(problems).toEqual([]);
    expect(answers.filter((a) => a.status === 503).length).toBeGreaterThan(0);
  }, 240_000);

  it.each([
    ['the submission creation', 'submissions', {}],
    ['the Idempotency-Key claim', 'idempotencyKeys', { 'idempotency-key': randomUUID() }],
  ])(
    'When the answer to %s is lost, then the submission still starts and finishes',
    async (_, container, headers) => {
      const offerId = `lost-${randomBytes(3).toString('hex')}`;
      await createCompleteOffer(accountId, offerId);
      const as = await publisherOn(host.url, accountId, 'alice');
      // Opens the containers (the host creates them on first use, itself a write) with a 404.
      const warmUp = await as.call(
        'POST',
        '/offers/no-such-offer/submissions',
        {},
        { 'idempotency-key': randomUUID() },
      );
      expect(warmUp.status).toBe(404);
      // The first write of the request (the claim with a key, else the creation batch) is done by
      // the database and its answer lost; everything after passes.
      appProxy.setMix({ rates: { lostResponse: 0.5 }, only: ['write'] });
      appProxy.resetCounters();
      scriptedDraws.splice(0, scriptedDraws.length, 0, ...Array<number>(200).fill(0.999));
      const res = await as.call(
        'POST',
        `/offers/${offerId}/submissions`,
        { notesForCertification: 'lost' },
        headers,
      );
      appProxy.setMix({ rates: {} });
      scriptedDraws.length = 0;
      expect(appProxy.counters().recent.map((f) => `${f.fault} ${f.method} ${f.path}`)).toEqual([
        `lostResponse POST /dbs/marketplace/colls/${container}/docs`,
      ]);
      expect({ status: res.status, body: res.status === 202 ? undefined : res.body }).toEqual({
        status: 202,
        body: undefined,
      });
      const done = await waitForSubmission(
        as,
        offerId,
        res.body.submissionId as string,
        (x) => x.state === 'preview',
        60_000,
      );
      expect(done.state).toBe('preview');
      const listed = await as.call('GET', `/offers/${offerId}/submissions`);
      expect(listed.body.items).toHaveLength(1);
    },
    90_000,
  );

  it('When a claimed Idempotency-Key cannot be confirmed (its answer and the read after it lost), then a retry with the key runs within seconds instead of waiting out the lock', async () => {
    const offerId = `unconfirmed-${randomBytes(3).toString('hex')}`;
    await createCompleteOffer(accountId, offerId);
    const as = await publisherOn(host.url, accountId, 'alice');
    // Opens the containers (the host creates them on first use) with a 404.
    const warmUp = await as.call('POST', '/offers/no-such-offer/submissions', {}, { 'idempotency-key': randomUUID() });
    expect(warmUp.status).toBe(404);
    const key = randomUUID();
    const submit = (): Promise<HostResponse> =>
      as.call('POST', `/offers/${offerId}/submissions`, { notesForCertification: 'unconfirmed' }, { 'idempotency-key': key });
    // The claim is stored and its answer lost; the retried create finds it (outcome unknown), and
    // the reads that would show whose it is fail.
    appProxy.setMix({ rates: { unavailable: 0.3, lostResponse: 0.3 }, only: ['write', 'read'] });
    appProxy.resetCounters();
    scriptedDraws.splice(0, scriptedDraws.length, 0.5, 0.999, 0.1, 0.1, 0.1, 0.1);
    const first = await submit();
    appProxy.setMix({ rates: {} });
    scriptedDraws.length = 0;
    expect(first.status).toBe(503);
    const faults = appProxy.counters().recent.map((f) => `${f.fault} ${f.method} ${f.path.replace(/docs\/[^/]+$/, 'docs/{id}')}`);
    expect(faults.slice(0, 2)).toEqual([
      'lostResponse POST /dbs/marketplace/colls/idempotencyKeys/docs',
      'unavailable GET /dbs/marketplace/colls/idempotencyKeys/docs/{id}',
    ]);

    // Half the lock: only the background settling frees the claim this soon (a lapsed lock would take longer).
    const withinMs = (idempotencyLockSeconds * 1000) / 2;
    const startedRetrying = Date.now();
    let res = await submit();
    while (res.status !== 202 && Date.now() - startedRetrying < withinMs) {
      expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({ status: 409, code: 'idempotencyKeyInUse' });
      await new Promise((r) => setTimeout(r, 250));
      res = await submit();
    }
    expect(res.status).toBe(202);
    expect(Date.now() - startedRetrying).toBeLessThan(withinMs);
    const replay = await submit();
    expect({ status: replay.status, replayed: replay.headers.get('idempotency-replayed'), id: replay.body.submissionId }).toEqual({
      status: 202,
      replayed: 'true',
      id: res.body.submissionId,
    });
    const listed = await as.call('GET', `/offers/${offerId}/submissions`);
    expect(listed.body.items).toHaveLength(1);
  }, 60_000);
});
