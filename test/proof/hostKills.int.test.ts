import { EventEmitter, once } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { sectionStoredSchemas } from '../../domain/offer/sectionSchemas';
import type { SectionName } from '../../domain/offer/sectionNames';
import { startKillableStack, listHubInstances, type KillableStack } from '../support/killableStack';
import { uniqueAccount, publisherToken } from '../support/publisherApi';
import { cosmosClient, fireFunction, inbox, stackInfo } from '../support/stack';
import { advanceClockOf, customerToken, publishTestDriveOffer } from '../support/testDriveStack';
import { isConnectionError, requestJson, untilAnswered, UnknownOutcomes, type HttpAnswer } from '../support/unknownOutcome';

/**
 * Faults: the host killed repeatedly under a mixed workload. One private host (own task hub and
 * clock) with the external stand-ins; live offers with Dynamics 365, Logic app and ARM test
 * drives and HTTPS endpoint / Azure Table lead destinations (plus notification e-mails); then
 * concurrent loops edit sections (If-Match), submit edited offers (Idempotency-Key) and take
 * them live, start test drives for many customers and end some early, and ask to be contacted,
 * while the host is SIGKILLed at `HOST_KILLS` moments, each at another stage (a test drive start
 * in flight, provisioning, certification, lead delivery, deprovisioning, a submission, ...) and
 * restarted on the same hub. Clients treat a connection error as an unknown outcome and retry
 * idempotently. After the last restart the clock is moved past every test drive's end and the
 * hub must quiesce: every instance completed, every lead delivered or undelivered with its error,
 * every session ended with nothing left at the provisioning stand-ins and no slot held, no e-mail
 * twice, certification asked at most once per submission, sections and their history agreeing.
 *
 * HOST_KILLS (default 6) and HOST_KILL_WORKLOAD (default 1: scales customers, contacts and the
 * pauses between kills) make a longer nightly run.
 */
const KILLS = Number(process.env.HOST_KILLS ?? 6);
const WORKLOAD = Number(process.env.HOST_KILL_WORKLOAD ?? 1);

jest.setTimeout(300_000 + KILLS * 20_000 * WORKLOAD);

type Stage =
  | 'testDriveStart'
  | 'provisioning'
  | 'certification'
  | 'leadDelivery'
  | 'deprovisioning'
  | 'submission'
  | 'sectionEdit'
  | 'contactRequest'
  | 'goLive';
const STAGES: Stage[] = ['testDriveStart', 'provisioning', 'certification', 'leadDelivery', 'deprovisioning', 'submission', 'sectionEdit', 'contactRequest', 'goLive'];

/** Same JSON with keys in any order (values read over HTTP come from another realm than the test's). */
const sameJson = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => p.localeCompare(q))) : x));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const TERMINAL_SUBMISSION = new Set(['live', 'certificationFailed', 'certificationTimedOut', 'canceled', 'validationFailed', 'provisioningFailed']);

describe('Faults: the host killed during a mixed workload', () => {
  let stack: KillableStack;
  const account = uniqueAccount('kills');
  const stages = new EventEmitter();
  stages.setMaxListeners(100);
  const outcomes = new UnknownOutcomes();
  const ops: Record<string, number> = {};
  const count = (k: string, n = 1) => void (ops[k] = (ops[k] ?? 0) + n);
  const listings: Record<'d365' | 'logic' | 'arm' | 'edit1' | 'edit2', string> = { d365: '', logic: '', arm: '', edit1: '', edit2: '' };
  const flow = `flow-${account}`;
  let publisherAuth = '';

  beforeAll(async () => {
    stack = await startKillableStack('hostkills');
    const s = stack.standIns;
    const table = stackInfo().appSettings.ASSETS_STORAGE_CONNECTION_STRING as string;
    const https = (name: string) => ({ destination: 'httpsEndpoint', notificationEmails: [`leads-${name}-${account}@contoso.example`], connection: { httpsEndpointUrl: `${s.urls.leads}/https-endpoint/${flow}-${name}` } });
    const offers: [keyof typeof listings, string, Parameters<typeof publishTestDriveOffer>[3], (b: Record<string, any>) => void][] = [
      ['d365', 'kd365', 'dynamics365CustomerEngagement', (b) => {
        b['test-drive'].instanceUrl = s.dataverse.webApiUrl().replace(/\/api\/data\/.*$/, '');
        b['test-drive'].instanceWebApiUrl = s.dataverse.webApiUrl();
        b['test-drive'].roleName = 'test-drive-role';
        b['test-drive'].maxConcurrent = 3;
        b['test-drive'].durationHours = 1;
        b.setup.leadManagement = https('d365');
      }],
      ['logic', 'klogic', 'logicApp', (b) => {
        b['test-drive'].durationHours = 1;
        b['test-drive'].maxConcurrent = 2;
        b['test-drive'].resourceGroupName = `td-${account}`;
        b.setup.leadManagement = { destination: 'azureTable', notificationEmails: [`leads-logic-${account}@contoso.example`], connection: { storageAccountConnectionString: table } };
      }],
      ['arm', 'karm', 'azureResourceManager', (b) => {
        b['test-drive'].durationHours = 2;
        b['test-drive'].regions = ['westeurope'];
        b['test-drive'].instances = { hot: 0, cold: 2 };
        b.setup.leadManagement = https('arm');
      }],
      ['edit1', 'kedit1', 'powerBI', (b) => void (b.setup.leadManagement = https('edit1'))],
      ['edit2', 'kedit2', 'powerBI', (b) => void (b.setup.leadManagement = { destination: 'azureTable', notificationEmails: [`leads-edit2-${account}@contoso.example`], connection: { storageAccountConnectionString: table } })],
    ];
    await Promise.all(offers.map(async ([key, offerId, type, edit]) => void (listings[key] = await publishTestDriveOffer(stack, account, offerId, type, edit))));
    publisherAuth = `Bearer ${await publisherToken(account, 'alice')}`;

    // Stage signals from the stand-ins: the host is in the middle of that step when they see a call.
    const on = (server: { on(e: 'request', l: (req: IncomingMessage) => void): unknown }, classify: (req: IncomingMessage) => Stage | undefined) =>
      server.on('request', (req) => {
        const stage = classify(req);
        if (stage) stages.emit(stage);
      });
    on(s.dataverse.server, (r) => (r.method === 'POST' && /systemusers$/.test(r.url ?? '') ? 'provisioning' : r.method === 'PATCH' && /systemusers\(/.test(r.url ?? '') ? 'deprovisioning' : undefined));
    on(s.arm.server, (r) => (r.method === 'PUT' && /deployments\//.test(r.url ?? '') ? 'provisioning' : r.method === 'DELETE' && /resourcegroups\//i.test(r.url ?? '') ? 'deprovisioning' : undefined));
    on(s.certification.server, (r) => (r.method === 'PUT' || r.method === 'POST' ? 'certification' : undefined));
    on(s.leads.server, (r) => (r.method === 'POST' ? 'leadDelivery' : undefined));
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  // ---- clients -------------------------------------------------------------------------------

  const api = (path: string) => `${stack.url}/api${path}`;
  /** A request; 503 from a host still starting (nothing ran) is waited out and repeated. */
  const call = async (method: string, path: string, body: unknown, headers: Record<string, string>): Promise<HttpAnswer> => {
    for (;;) {
      const res = await requestJson(api(path), { method, body, headers });
      if (res.status !== 503 || res.headers.get('retry-after') === null) return res;
      count('hostStarting503');
      await sleep(Number(res.headers.get('retry-after')) * 1000);
    }
  };
  const asPublisher = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(method, path, body, { authorization: publisherAuth, ...headers });
  const offerIdOf = (listingId: string) => listingId.slice(account.length + 1);

  /** Reads a submission until `done` holds (tolerating kills); undefined after `timeoutMs`. */
  const watchSubmission = async (offerId: string, id: string, done: (s: any) => boolean, timeoutMs: number): Promise<any> => {
    const deadline = Date.now() + timeoutMs;
    let last: any;
    while (Date.now() < deadline) {
      last = (await untilAnswered('read', outcomes, () => asPublisher('GET', `/offers/${offerId}/submissions/${id}`))).body;
      if (done(last)) return last;
      await sleep(250);
    }
    return last;
  };

  /** A section edit with If-Match; after an unknown outcome the section is read again to see whether it was applied. */
  const editSection = async (offerId: string, section: SectionName, change: (v: any) => void, marker: (v: any) => boolean): Promise<void> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const read = await untilAnswered('read', outcomes, () => asPublisher('GET', `/offers/${offerId}/sections/${section}`));
      if (attempt > 0 && marker(read.body.value)) return; // the unknown attempt was applied
      const value = structuredClone(read.body.value);
      change(value);
      if (Math.random() < 0.3) setTimeout(() => stages.emit('sectionEdit'), 2);
      try {
        const saved = await asPublisher('PUT', `/offers/${offerId}/sections/${section}`, value, { 'if-match': read.headers.get('etag') ?? '' });
        if (saved.status === 200) return void count('sectionEdits');
        if (saved.status === 412) {
          count('editConflicts');
          continue;
        }
        throw new Error(`edit ${offerId}/${section}: ${saved.status} ${JSON.stringify(saved.body)}`);
      } catch (err) {
        if (!isConnectionError(err)) throw err;
        outcomes.record('sectionEdit');
        await sleep(300);
      }
    }
    throw new Error(`edit ${offerId}/${section} never went through`);
  };

  const submissions: { offerId: string; submissionId: string; key: string }[] = [];
  /** 5xx answers (the request reached a running host): each is a finding. */
  const serverErrors: string[] = [];

  /** Submit with an Idempotency-Key (the same key on every retry), then take the preview live. */
  const submitAndGoLive = async (offerId: string, n: number): Promise<void> => {
    const key = randomUUID();
    const body = { notesForCertification: `Release ${n} of ${offerId}. [delay=${200 + Math.floor(Math.random() * 800)}]` };
    let answer: HttpAnswer | undefined;
    const deadline = Date.now() + 90_000;
    while (!answer && Date.now() < deadline) {
      if (Math.random() < 0.5) setTimeout(() => stages.emit('submission'), Math.random() * 20);
      try {
        const res = await asPublisher('POST', `/offers/${offerId}/submissions`, body, { 'idempotency-key': key });
        if (res.status === 409 && res.body?.code === 'idempotencyKeyInUse') {
          count('idempotencyKeyInUse');
          await sleep(1000);
          continue;
        }
        answer = res;
      } catch (err) {
        if (!isConnectionError(err)) throw err;
        outcomes.record('submission');
        await sleep(300);
      }
    }
    if (!answer) throw new Error(`submission of ${offerId} with key ${key} never answered`);
    if (answer.headers.get('idempotency-replayed') === 'true') count('submissionReplays');
    let id: string;
    if (answer.status === 202) {
      id = answer.body.submissionId as string;
      submissions.push({ offerId, submissionId: id, key });
      count('submissions');
    } else if (answer.status === 409 && answer.body?.code === 'submissionInFlight') {
      // Another submission of this offer is still moving (ours, from before a kill): drive that one.
      count('submissionInFlight');
      const list = await untilAnswered('read', outcomes, () => asPublisher('GET', `/offers/${offerId}/submissions`));
      const moving = ((list.body.items ?? list.body) as any[]).find((s) => !TERMINAL_SUBMISSION.has(s.state));
      if (!moving) return;
      id = moving.submissionId as string;
    } else {
      throw new Error(`submit ${offerId}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    // A restart takes up to ~20 s on a loaded machine; a submission not through by then is left to the drain.
    const reached = await watchSubmission(offerId, id, (s) => s.state === 'preview' || TERMINAL_SUBMISSION.has(s.state), 90_000);
    if (reached?.state !== 'preview') return;
    setTimeout(() => stages.emit('goLive'), 5);
    for (let attempt = 0; ; attempt++) {
      const goLive = await untilAnswered('goLive', outcomes, () => asPublisher('POST', `/offers/${offerId}/submissions/${id}/go-live`));
      if (goLive.status === 202 || goLive.status === 409) break;
      if (goLive.status < 500 || attempt > 5) throw new Error(`go-live ${id}: ${goLive.status} ${JSON.stringify(goLive.body)}`);
      serverErrors.push(`go-live ${id}: ${goLive.status} ${JSON.stringify(goLive.body)}`);
      await sleep(500);
    }
    const live = await watchSubmission(offerId, id, (s) => TERMINAL_SUBMISSION.has(s.state), 90_000);
    if (TERMINAL_SUBMISSION.has(live?.state)) count(`submission:${live.state}`);
  };

  const customerCalls = new Map<string, string>();
  const asCustomer = async (customerId: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> => {
    let auth = customerCalls.get(customerId);
    if (!auth) {
      auth = `Bearer ${await customerToken(customerId, `${customerId}@customer.example`)}`;
      customerCalls.set(customerId, auth);
    }
    return call(method, path, body, { authorization: auth, ...headers });
  };

  const sessions: { listingId: string; sessionId: string; customerId: string }[] = [];

  /** Test drives of one offer: new customers start, some end early; a full pool ends the loop's oldest session. */
  const testDriveLoop = async (key: 'd365' | 'logic' | 'arm', loop: number, isStopping: () => boolean): Promise<void> => {
    const listingId = listings[key];
    const path = `/storefront/offers/${listingId}/test-drives`;
    const mine: { sessionId: string; customerId: string }[] = [];
    for (let n = 0; !isStopping(); n++) {
      const customerId = `c-${key}-${loop}-${n}-${account}`;
      let started: HttpAnswer | undefined;
      while (!started) {
        setTimeout(() => stages.emit('testDriveStart'), Math.random() * 15);
        try {
          started = await asCustomer(customerId, 'POST', path, { company: 'Fabrikam' });
          if (started.status === 409 && started.body?.code === 'testDriveAlreadyActive' && !started.headers.get('location')) {
            // The first attempt was cut off between taking the customer's marker and storing its
            // session: asked again after Retry-After, the marker is taken over once it is stale.
            count('testDriveStartCutOffBeforeSession');
            await sleep(Number(started.headers.get('retry-after') ?? '1') * 1000);
            started = undefined;
          }
        } catch (err) {
          if (!isConnectionError(err)) throw err;
          outcomes.record('testDriveStart');
          await sleep(300);
        }
      }
      let sessionId: string | undefined;
      if (started.status === 202) sessionId = started.body.sessionId as string;
      else if (started.status === 409 && started.body?.code === 'testDriveAlreadyActive') {
        // The unknown first attempt did start it: this is the way back to it.
        sessionId = (started.headers.get('location') ?? '').split('/').pop();
        count('testDriveRecoveredByRetry');
      } else if (started.status === 429) {
        count('testDriveCapacityFull');
        const oldest = mine.shift();
        if (oldest) await endSession(listingId, oldest.customerId, oldest.sessionId);
        else await sleep(500);
        continue;
      } else if (started.status >= 500) {
        serverErrors.push(`start ${customerId}: ${started.status} ${JSON.stringify(started.body)}`);
        continue;
      } else throw new Error(`start ${customerId}: ${started.status} ${JSON.stringify(started.body)}`);
      if (!sessionId) throw new Error(`start ${customerId}: no session id`);
      if (started.status === 202) count('testDriveStarts');
      sessions.push({ listingId, sessionId, customerId });
      const deadline = Date.now() + 30_000;
      let status = '';
      while (Date.now() < deadline && !isStopping()) {
        const read = await untilAnswered('read', outcomes, () => asCustomer(customerId, 'GET', `${path}/${sessionId}`));
        status = read.body?.status ?? '';
        if (status !== 'provisioning') break;
        await sleep(250);
      }
      if (status === 'active' && Math.random() < 0.4) await endSession(listingId, customerId, sessionId);
      else if (status === 'active' || status === 'provisioning') mine.push({ sessionId, customerId });
      await sleep(100 + Math.random() * 300);
    }
  };

  const endSession = async (listingId: string, customerId: string, sessionId: string): Promise<void> => {
    const res = await untilAnswered('testDriveEnd', outcomes, () => asCustomer(customerId, 'POST', `/storefront/offers/${listingId}/test-drives/${sessionId}/end`));
    if (res.status === 202) count('earlyEnds');
    else if (res.status !== 409) throw new Error(`end ${sessionId}: ${res.status} ${JSON.stringify(res.body)}`);
  };

  const contacts: { listingId: string; leadId: string; customerId: string }[] = [];

  /** "Contact me" on any offer; an unknown outcome is retried with the same Idempotency-Key (one lead per request). */
  const contactLoop = async (loop: number, isStopping: () => boolean): Promise<void> => {
    for (let n = 0; !isStopping(); n++) {
      const listingId = pick(Object.values(listings));
      const customerId = `p-${loop}-${n}-${account}`;
      const body = { firstName: 'Ada', lastName: `L${n}`, email: `${customerId}@customer.example`, company: 'Analytical Engines', consent: true };
      const idempotencyKey = `contact-${loop}-${n}`;
      for (;;) {
        if (Math.random() < 0.5) setTimeout(() => stages.emit('contactRequest'), Math.random() * 10);
        try {
          const res = await asCustomer(customerId, 'POST', `/storefront/offers/${listingId}/contact-requests`, body, { 'idempotency-key': idempotencyKey });
          if (res.status === 409 && res.body?.code === 'idempotencyKeyInUse') {
            // The claim of a request the kill interrupted: taken over once it is abandoned.
            count('idempotencyKeyInUse');
            await sleep(1000);
            continue;
          }
          if (res.status >= 500) {
            serverErrors.push(`contact ${customerId}: ${res.status} ${JSON.stringify(res.body)}`);
            await sleep(300);
            continue;
          }
          if (res.status !== 202) throw new Error(`contact ${customerId}: ${res.status} ${JSON.stringify(res.body)}`);
          contacts.push({ listingId, leadId: res.body.leadId as string, customerId });
          count('contactRequests');
          break;
        } catch (err) {
          if (!isConnectionError(err)) throw err;
          outcomes.record('contactRequest');
          await sleep(300);
        }
      }
      await sleep((300 + Math.random() * 500) / WORKLOAD);
    }
  };

  /** Edits (marketing-only and certification-needing, alternately) and submissions of one offer. */
  const editLoop = async (key: 'edit1' | 'edit2', isStopping: () => boolean): Promise<void> => {
    const offerId = offerIdOf(listings[key]);
    for (let n = 1; !isStopping(); n++) {
      const text = `Edit ${n} of ${offerId}`;
      await editSection(offerId, 'listing', (v) => void (v.shortDescription = text), (v) => v?.shortDescription === text);
      if (n % 2 === 0) {
        const hideKey = `k${n}x${Math.floor(Math.random() * 1e6)}`;
        await editSection(offerId, 'availability', (v) => void (v.hideKey = hideKey), (v) => v?.hideKey === hideKey);
      }
      if (n % 2 === 0) await submitAndGoLive(offerId, n);
      await sleep(100 + Math.random() * 200);
    }
  };

  // ---- the run -------------------------------------------------------------------------------

  it('When the host is SIGKILLed at several stages of a mixed workload and restarted, then everything ends or resumes and nothing is done twice', async () => {
    const runStarted = Date.now();
    const kills: { stage: Stage; triggered: boolean; atMs: number; downMs: number }[] = [];
    let stopping = false;
    const isStopping = () => stopping;

    const loops = [
      editLoop('edit1', isStopping),
      editLoop('edit2', isStopping),
      ...(['d365', 'logic', 'arm'] as const).flatMap((k) => Array.from({ length: Math.max(1, Math.round(WORKLOAD)) }, (_, i) => testDriveLoop(k, i, isStopping))),
      ...Array.from({ length: 2 * Math.max(1, Math.round(WORKLOAD)) }, (_, i) => contactLoop(i, isStopping)),
    ];
    const failures: unknown[] = [];
    const running = Promise.all(loops.map((l) => l.catch((err: unknown) => void failures.push(err))));

    // The killer: each kill waits for its stage's signal (or 10 s), then a few ms, then SIGKILL.
    for (let k = 0; k < KILLS; k++) {
      await sleep((500 + Math.random() * 1000) * WORKLOAD);
      const stage = STAGES[k % STAGES.length] as Stage;
      const signalled = await Promise.race([once(stages, stage).then(() => true), sleep(10_000).then(() => false)]);
      await sleep(Math.random() * 25);
      const at = Date.now();
      await stack.kill();
      await sleep(200 + Math.random() * 600);
      await stack.restart();
      kills.push({ stage, triggered: signalled, atMs: at - runStarted, downMs: Date.now() - at });
    }
    await sleep(2000);
    stopping = true;
    await running;
    expect(failures.map(String)).toEqual([]);
    const workloadMs = Date.now() - runStarted;

    // Drain: every submission ends (a preview is taken live), then time moves past every test drive's end.
    for (const s of submissions) {
      const now = await watchSubmission(s.offerId, s.submissionId, (x) => x.state === 'preview' || TERMINAL_SUBMISSION.has(x.state), 60_000);
      if (now?.state === 'preview') await untilAnswered('goLive', outcomes, () => asPublisher('POST', `/offers/${s.offerId}/submissions/${s.submissionId}/go-live`));
    }
    const drainStarted = Date.now();
    await advanceClockOf(stack.url, 3 * 3_600_000);
    await fireFunction('sweepTestDrives', undefined, stack.url);
    await fireFunction('resumeLeadDeliveries', undefined, stack.url);
    const db = cosmosClient().database(stackInfo().appSettings.COSMOS_DATABASE as string);
    const ourListings = Object.values(listings);
    const queryAll = async <T>(container: string, where: string): Promise<T[]> =>
      (
        await db
          .container(container)
          .items.query<T>({ query: `SELECT * FROM c WHERE ARRAY_CONTAINS(@listings, c.listingId) AND ${where}`, parameters: [{ name: '@listings', value: ourListings }] })
          .fetchAll()
      ).resources;
    let quiet = false;
    let advances = 1;
    let lastBusy = '';
    while (Date.now() - drainStarted < 90_000) {
      const busy = await listHubInstances(stack.url, ['Pending', 'Running', 'Suspended']);
      const active = await queryAll<any>('testDrives', `c.kind = 'session' AND ARRAY_CONTAINS(['provisioning','active','ending'], c.status)`);
      const pending = await queryAll<any>('offerLeads', `c.status = 'pending'`);
      const moving = [];
      for (const s of submissions) {
        const d = await asPublisher('GET', `/offers/${s.offerId}/submissions/${s.submissionId}`);
        if (!TERMINAL_SUBMISSION.has(d.body?.state)) moving.push(`${s.submissionId}:${d.body?.state}`);
      }
      lastBusy = JSON.stringify({ instances: busy.map((i) => `${i.instanceId}:${i.runtimeStatus}`), sessions: active.map((s) => `${s.sessionId}:${s.status}`), leads: pending.map((l) => l.leadId), submissions: moving });
      if (busy.length === 0 && active.length === 0 && pending.length === 0 && moving.length === 0) {
        quiet = true;
        break;
      }
      // Timers still to come (deprovisioning pauses, lead back-offs, certification deadlines): move time on.
      if ((Date.now() - drainStarted) / 10_000 > advances) {
        advances++;
        await advanceClockOf(stack.url, 3_600_000);
        await fireFunction('sweepTestDrives', undefined, stack.url);
        await fireFunction('resumeLeadDeliveries', undefined, stack.url);
      }
      await sleep(1000);
    }
    const quiesceMs = Date.now() - drainStarted;
    const problems: string[] = serverErrors.map((e) => `5xx: ${e}`);
    const finalStates: Record<string, number> = {};
    for (const s of submissions) {
      const state = (await asPublisher('GET', `/offers/${s.offerId}/submissions/${s.submissionId}`)).body?.state as string;
      finalStates[state] = (finalStates[state] ?? 0) + 1;
      if (state !== 'live') problems.push(`submission ${s.submissionId} ended ${state}`);
    }
    if (!quiet) problems.push(`not quiet after ${quiesceMs} ms: ${lastBusy}`);

    // 1. Every orchestration instance of the hub finished.
    const instances = await listHubInstances(stack.url);
    for (const i of instances) if (i.runtimeStatus !== 'Completed') problems.push(`instance ${i.instanceId} (${i.name}) is ${i.runtimeStatus}: ${JSON.stringify(i.output)?.slice(0, 300)}`);

    // 2. Every lead delivered or visible as undelivered (with its error), through the publisher API too.
    const leadDocs = await queryAll<any>('offerLeads', 'true');
    for (const l of leadDocs) {
      if (l.status === 'undelivered' && !l.attempts?.at(-1)?.error) problems.push(`lead ${l.leadId} undelivered without an error`);
      else if (l.status !== 'delivered' && l.status !== 'undelivered') problems.push(`lead ${l.leadId} is ${l.status}`);
    }
    let listed = 0;
    for (const listingId of ourListings) {
      const items: any[] = [];
      for (let token: string | undefined, page = 0; page === 0 || token; page++) {
        const res = await asPublisher('GET', `/offers/${offerIdOf(listingId)}/leads?pageSize=100${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`);
        if (res.status !== 200) throw new Error(`leads of ${listingId}: ${res.status} ${JSON.stringify(res.body)}`);
        items.push(...(res.body.items as any[]));
        token = res.body.continuationToken as string | undefined;
      }
      listed += items.length;
      for (const l of leadDocs.filter((d) => d.listingId === listingId)) {
        const item = items.find((i) => i.leadId === l.leadId);
        if (!item) problems.push(`lead ${l.leadId} not listed for its publisher`);
        else if (item.delivery.status !== l.status) problems.push(`lead ${l.leadId} listed as ${item.delivery.status}, stored as ${l.status}`);
        else if (item.delivery.status === 'undelivered' && !item.delivery.lastError) problems.push(`lead ${l.leadId} listed undelivered without lastError`);
      }
    }
    for (const c of contacts) {
      if (!leadDocs.some((l) => l.leadId === c.leadId)) problems.push(`contact lead ${c.leadId} not stored`);
      const stored = leadDocs.filter((l) => l.origin === 'contactRequest' && l.customerId === c.customerId).length;
      if (stored !== 1) problems.push(`contact request of ${c.customerId} stored ${stored} leads (retried with one Idempotency-Key)`);
    }

    // 3. Every session ended, nothing provisioned left, every slot free.
    const sessionDocs = await queryAll<any>('testDrives', `c.kind = 'session'`);
    const slotDocs = await queryAll<any>('testDrives', `c.kind = 'slot'`);
    for (const s of sessionDocs) {
      if (s.status !== 'ended' && s.status !== 'failed') problems.push(`session ${s.sessionId} is ${s.status}`);
      if (!leadDocs.some((l) => l.sessionId === s.sessionId) && s.status !== 'failed') problems.push(`session ${s.sessionId} has no lead`);
    }
    for (const slot of slotDocs) problems.push(`slot ${slot.id} of ${slot.listingId} still held by ${slot.sessionId}`);
    for (const s of sessions) if (!sessionDocs.some((d) => d.sessionId === s.sessionId)) problems.push(`session ${s.sessionId} answered but not stored`);
    const sv = stack.standIns;
    const enabledUsers = sv.dataverse.users().filter((u) => !u.isdisabled || u.roles.length > 0);
    for (const u of enabledUsers) problems.push(`Dataverse user ${u.domainname} still enabled or with roles`);
    const groups = sv.arm.resourceGroups().filter((g) => g.includes('/testdrive-'));
    for (const g of groups) problems.push(`resource group ${g} still exists`);
    for (const [group, ids] of Object.entries(sv.arm.logic.assigned())) for (const id of ids) problems.push(`Logic app session ${id} still assigned in ${group}`);

    // 4. No e-mail twice: per operation id, and per recipient + kind + session/submission/lead.
    await sleep(1000);
    const sessionIds = new Set(sessionDocs.map((s) => s.sessionId as string));
    const submissionIds = new Set(submissions.map((s) => s.submissionId));
    const leadIds = new Set(leadDocs.map((l) => l.leadId as string));
    const mails = (await inbox().list()).filter(
      (m) => sessionIds.has(m.headers['x-test-drive-session'] ?? '') || submissionIds.has(m.headers['x-submission-id'] ?? '') || leadIds.has(m.headers['x-lead-id'] ?? ''),
    );
    const seen = new Map<string, number>();
    const bump = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
    for (const m of mails) {
      const to = m.to.map((r) => r.address).sort().join(',');
      bump(`op ${m.operationId}`);
      if (m.headers['x-test-drive-session']) bump(`${to} testdrive:${m.headers['x-test-drive-mail']} ${m.headers['x-test-drive-session']}`);
      if (m.headers['x-submission-id']) bump(`${to} submission:${m.subject.split(':')[0]} ${m.headers['x-submission-id']}`);
      if (m.headers['x-lead-id']) bump(`${to} lead ${m.headers['x-lead-id']}`);
    }
    for (const [k, n] of seen) if (n > 1) problems.push(`e-mail sent ${n} times: ${k}`);
    for (const s of sessionDocs) {
      const kinds = mails.filter((m) => m.headers['x-test-drive-session'] === s.sessionId).map((m) => m.headers['x-test-drive-mail']).sort();
      const expected = s.status === 'failed' ? ['failed'] : s.startedAt ? ['access', 'ended'] : ['ended'];
      if (!sameJson(kinds, expected)) problems.push(`session ${s.sessionId} (${s.status}, ${s.endReason}) e-mails ${kinds.join(',')} instead of ${expected.join(',')}`);
    }

    // 5. Certification got each submission at most once.
    const certified = sv.certification.records().filter((r) => submissionIds.has(r.submissionId));
    for (const r of certified) if (r.submitCalls > 1) problems.push(`certification got ${r.submissionId} ${r.submitCalls} times`);
    if (new Set(certified.map((r) => r.submissionId)).size !== certified.length) problems.push('certification has two records for one submission');

    // 6. Every section and its history agree and pass their schema.
    const offerDocs = (
      await db
        .container('offers')
        .items.query<any>({ query: `SELECT * FROM c WHERE c.accountId = @a AND (c.type = 'section' OR c.type = 'sectionHistory')`, parameters: [{ name: '@a', value: account }] }, { partitionKey: account })
        .fetchAll()
    ).resources;
    const sectionDocs = offerDocs.filter((d) => d.type === 'section');
    for (const d of sectionDocs) {
      if (d.value !== null && !sectionStoredSchemas[d.section as SectionName].safeParse(d.value).success) problems.push(`${d.id} fails its schema`);
      const history = offerDocs.filter((h) => h.type === 'sectionHistory' && h.offerId === d.offerId && h.section === d.section && h.incarnation === d.incarnation);
      const revisions = history.map((h) => h.revision as number).sort((a, b) => a - b);
      if (!sameJson(revisions, Array.from({ length: d.revision }, (_, i) => i + 1))) problems.push(`${d.id} revision ${d.revision} with history ${revisions.join(',')}`);
      const latest = history.find((h) => h.revision === d.revision);
      if (d.revision > 0 && !sameJson(latest?.value, d.value)) problems.push(`${d.id} differs from its latest history entry`);
      for (const h of history) if (!sectionStoredSchemas[h.section as SectionName].safeParse(h.value).success) problems.push(`${h.id} fails its schema`);
    }

    const figures = {
      kills: kills.map((k) => `${k.stage}${k.triggered ? '' : ' (no signal: at random)'} at ${(k.atMs / 1000).toFixed(1)} s, down ${(k.downMs / 1000).toFixed(1)} s`),
      operations: ops,
      unknownOutcomesRetried: { total: outcomes.total, ...outcomes.byKind },
      submissions: finalStates,
      sessions: sessionDocs.length,
      leads: { stored: leadDocs.length, listed, delivered: leadDocs.filter((l) => l.status === 'delivered').length, undelivered: leadDocs.filter((l) => l.status === 'undelivered').length },
      instances: instances.length,
      emails: mails.length,
      certificationRequests: certified.length,
      sectionSaves: offerDocs.filter((d) => d.type === 'sectionHistory').length,
      workloadSeconds: workloadMs / 1000,
      quiesceSeconds: quiesceMs / 1000,
      clockAdvances: advances,
      hostLog: stack.logFile,
    };
    process.stdout.write(`host kills: ${JSON.stringify(figures, null, 2)}\n`);
    expect(problems).toEqual([]);
    expect(kills).toHaveLength(KILLS);
    expect(new Set(kills.map((k) => k.stage)).size).toBe(Math.min(KILLS, STAGES.length));
    expect(sessionDocs.length).toBeGreaterThan(0);
    expect(submissions.length).toBeGreaterThan(0);
    expect(contacts.length).toBeGreaterThan(0);
  });
});
