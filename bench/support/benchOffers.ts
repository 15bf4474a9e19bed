import { listAssetReferences } from '../../domain/offer/assetReferences';
import { slotRule, type AssetSlot } from '../../domain/assets/assetSlots';
import { sectionNames, type SectionName } from '../../domain/offer/sectionNames';
import { armTemplatePackage, pdfDocument, pngOfSize } from '../../test/support/assetFixtures';
import { completeOfferWrite, fixtureAlias } from '../../test/support/offerFixtures';
import { BENCH_ROLE, type BenchStack } from './benchStack';

/** One answer of the API: status, headers and the parsed JSON body. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A publisher's calls to `/api` on the benchmark host. */
export interface PublisherClient {
  accountId: string;
  token: string;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer<T>>;
}

export async function publisherClient(bench: BenchStack, accountId: string): Promise<PublisherClient> {
  const token = await bench.publisherToken(accountId);
  return {
    accountId,
    token,
    async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const bytes = body instanceof Uint8Array;
      const res = await fetch(`${bench.host}/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined
            ? {}
            : { 'content-type': bytes ? 'application/octet-stream' : 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : bytes ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
    },
  };
}

export interface BenchOfferOptions {
  /** Dynamics 365 test drive capacity (the schema allows up to 1,000). */
  maxConcurrent: number;
  durationHours: number;
}

/**
 * Creates a complete offer through the API (every asset uploaded for real, every section saved
 * with If-Match) with a Dynamics 365 test drive on the Dataverse stand-in and an HTTPS endpoint
 * lead destination on the lead receiver stand-in.
 */
export async function createBenchOffer(
  bench: BenchStack,
  as: PublisherClient,
  offerId: string,
  options: BenchOfferOptions,
): Promise<void> {
  const created = await as.call('POST', '/offers', { offerId, alias: `${fixtureAlias} ${offerId}` });
  if (created.status !== 201)
    throw new Error(`create ${offerId}: ${created.status} ${JSON.stringify(created.body)}`);
  const bodies = completeOfferWrite('dynamics365CustomerEngagement') as Record<
    SectionName,
    Record<string, unknown>
  >;
  const dataverse = bench.standIns.dataverse.webApiUrl();
  Object.assign(bodies['test-drive'], {
    instanceUrl: dataverse.replace(/\/api\/data\/.*$/, ''),
    instanceWebApiUrl: dataverse,
    roleName: BENCH_ROLE,
    maxConcurrent: options.maxConcurrent,
    durationHours: options.durationHours,
  });
  bodies.setup['leadManagement'] = {
    destination: 'httpsEndpoint',
    notificationEmails: [],
    connection: { httpsEndpointUrl: `${bench.standIns.urls.leads}/https-endpoint/bench-${as.accountId}` },
  };
  await saveSections(as, offerId, bodies);
}

/** Submits the offer's draft: the submission id. */
export async function submit(as: PublisherClient, offerId: string): Promise<string> {
  const submitted = await as.call<{ submissionId: string }>('POST', `/offers/${offerId}/submissions`, {
    notesForCertification: 'Benchmark release.',
  });
  if (submitted.status !== 202)
    throw new Error(`submit ${offerId}: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return submitted.body.submissionId;
}

/** Waits until the submission is in `state` (polling every `everyMs`); throws on a final failure. */
export async function waitForState(
  as: PublisherClient,
  offerId: string,
  submissionId: string,
  state: string,
  timeoutMs = 300_000,
  everyMs = 250,
): Promise<void> {
  const failed = new Set([
    'certificationFailed',
    'certificationTimedOut',
    'canceled',
    'validationFailed',
    'provisioningFailed',
  ]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const read = await as.call<{ state: string }>('GET', `/offers/${offerId}/submissions/${submissionId}`);
    if (read.body?.state === state) return;
    if (failed.has(read.body?.state))
      throw new Error(`submission ${submissionId} of ${offerId} ended ${read.body.state}`);
    if (Date.now() > deadline)
      throw new Error(`submission ${submissionId} of ${offerId} not ${state} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Submit, wait for preview, Go-live, wait for live: the whole publishing pipeline. */
export async function publishToLive(as: PublisherClient, offerId: string, everyMs = 250): Promise<void> {
  const submissionId = await submit(as, offerId);
  await waitForState(as, offerId, submissionId, 'preview', 300_000, everyMs);
  const goLive = await as.call('POST', `/offers/${offerId}/submissions/${submissionId}/go-live`);
  if (goLive.status !== 202)
    throw new Error(`go-live ${offerId}: ${goLive.status} ${JSON.stringify(goLive.body)}`);
  await waitForState(as, offerId, submissionId, 'live', 300_000, everyMs);
}

/** A live offer with a Dynamics 365 test drive: its storefront listing id (`<account>.<offerId>`). */
export async function liveTestDriveOffer(
  bench: BenchStack,
  as: PublisherClient,
  offerId: string,
  options: BenchOfferOptions,
): Promise<string> {
  await createBenchOffer(bench, as, offerId, options);
  await publishToLive(as, offerId);
  return `${as.accountId}.${offerId}`;
}

/** Saves every section as a publisher does (assets uploaded, `If-Match` with the current ETag). */
export async function saveSections(
  as: PublisherClient,
  offerId: string,
  bodies: Record<SectionName, Record<string, unknown>>,
): Promise<void> {
  for (const section of sectionNames) {
    const body = await withUploadedAssets(as, offerId, section, bodies[section]);
    const read = await as.call('GET', `/offers/${offerId}/sections/${section}`);
    const saved = await as.call('PUT', `/offers/${offerId}/sections/${section}`, body, {
      'if-match': read.headers.get('etag') ?? '',
    });
    if (saved.status !== 200)
      throw new Error(`save ${section}: ${saved.status} ${JSON.stringify(saved.body)}`);
  }
}

/** Uploads a real file for every asset the body refers to; the body with the committed asset ids. */
async function withUploadedAssets<T>(
  as: PublisherClient,
  offerId: string,
  section: SectionName,
  body: T,
): Promise<T> {
  const copy = structuredClone(body);
  for (const [index, ref] of listAssetReferences(section, copy).entries()) {
    const res = await as.call<{ assetId: string }>(
      'PUT',
      `/offers/${offerId}/assets/direct/${ref.slot}`,
      new Uint8Array(await fileFor(ref.slot, index)),
    );
    if (res.status !== 201)
      throw new Error(`upload ${ref.pointer}: ${res.status} ${JSON.stringify(res.body)}`);
    setAt(copy, ref.pointer, res.body.assetId);
  }
  return copy;
}

async function fileFor(slot: AssetSlot, seed: number): Promise<Buffer> {
  const rule = slotRule(slot);
  if (rule.kind === 'image') return pngOfSize(rule.width, rule.height, seed);
  if (rule.kind === 'pdf') return pdfDocument(`${slot} ${seed}`);
  return armTemplatePackage();
}

function setAt(root: unknown, pointer: string, value: string): void {
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = root as Record<string, unknown>;
  for (const token of tokens.slice(0, -1)) node = node[token] as Record<string, unknown>;
  node[tokens[tokens.length - 1]!] = value;
}
