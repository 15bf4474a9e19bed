/**
 * Section writes through the API against a raw `@azure/cosmos` upsert of the same document, in one
 * run on one machine: p50/p99 latency, throughput and the API/raw ratio of the p50s.
 *
 *   npm run bench:authoring -- [--requests 600] [--concurrency 8] [--rounds 5]
 *
 * Starts its own stack (Cosmos DB stand-in, Azurite, inbox, Functions host) on ephemeral ports.
 * Each worker owns one offer and chains its writes (each PUT sends the ETag of the previous one),
 * as a publisher saving a section repeatedly would. The raw side upserts, from this process, the
 * very section document the API stored, with the same concurrency. The two sides alternate in
 * rounds so drift (GC, JIT, the stand-in's growing data) is shared.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CosmosClient, type Container } from '@azure/cosmos';
import { loadLocalIssuerKey, mintLocalToken } from '../devhost/localIssuerKey';
import { findProjectRoot, startStack } from '../devhost/stack';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '600' },
    concurrency: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '5' },
  },
});
const totalRequests = Number(values.requests);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const accountId = `bench-${Date.now().toString(36)}`;

/** A complete properties section: a typical small section (~300 bytes). */
function propertiesBody(i: number): Record<string, unknown> {
  return {
    categories: ['analytics', 'sales'],
    industries: [{ industry: 'retail-and-consumer-goods', verticals: ['retailers'] }],
    applicableProducts: ['sales', 'field-service'],
    appVersion: `1.0.${i}.0`,
    marketingOnlyChange: false,
    useStandardContract: true,
  };
}

interface Worker {
  offerId: string;
  etag: string;
  /** The stored section document, as the raw side upserts it. */
  document: Record<string, unknown>;
}

async function main(): Promise<void> {
  const stateDir = await mkdtemp(join(tmpdir(), 'bench-authoring-'));
  const stack = await startStack({ stateDir });
  try {
    const host = stack.info.urls.host;
    const key = await loadLocalIssuerKey(findProjectRoot());
    const token = await mintLocalToken(key, { accountId, userId: 'bench', expiresInSeconds: 3600 });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const settings = stack.info.appSettings;
    const client = new CosmosClient({
      endpoint: settings.COSMOS_ENDPOINT!,
      key: settings.COSMOS_KEY!,
      connectionPolicy: { enableEndpointDiscovery: false },
    });

    const workers: Worker[] = [];
    for (let w = 0; w < concurrency; w++) {
      const offerId = `bench-${w}`;
      const created = await fetch(`${host}/api/offers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ offerId, alias: `Bench ${w}` }),
      });
      if (created.status !== 201) throw new Error(`create ${offerId}: ${created.status} ${await created.text()}`);
      const read = await fetch(`${host}/api/offers/${offerId}/sections/properties`, { headers });
      workers.push({ offerId, etag: read.headers.get('etag')!, document: {} });
    }
    const offers = client.database(settings.COSMOS_DATABASE ?? 'marketplace').container('offers');

    /** The raw upserts change the documents: give the API side their current ETags back. */
    const refreshEtags = async (): Promise<void> => {
      for (const worker of workers) {
        const read = await fetch(`${host}/api/offers/${worker.offerId}/sections/properties`, { headers });
        await read.arrayBuffer();
        worker.etag = read.headers.get('etag')!;
      }
    };
    let counter = 0;
    const apiWrite = async (worker: Worker): Promise<void> => {
      const res = await fetch(`${host}/api/offers/${worker.offerId}/sections/properties`, {
        method: 'PUT',
        headers: { ...headers, 'if-match': worker.etag },
        body: JSON.stringify(propertiesBody(counter++)),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`PUT ${worker.offerId}: ${res.status}`);
      worker.etag = res.headers.get('etag')!;
    };
    const rawWrite = async (worker: Worker): Promise<void> => {
      const document = { ...worker.document, value: propertiesBody(counter++) };
      await offers.items.upsert(document);
    };

    // Warm up both paths (JIT, connection pools, JWKS cache), then take the stored documents.
    await runRound(workers, 10 * concurrency, apiWrite);
    for (const worker of workers) worker.document = await storedSection(offers, worker.offerId);
    await runRound(workers, 10 * concurrency, rawWrite);
    await refreshEtags();

    const api: number[] = [];
    const raw: number[] = [];
    let apiMs = 0;
    let rawMs = 0;
    const perRound = Math.ceil(totalRequests / rounds);
    for (let r = 0; r < rounds; r++) {
      const a = await runRound(workers, perRound, apiWrite);
      api.push(...a.latencies);
      apiMs += a.elapsedMs;
      // The raw side writes the document the API just stored (same size, same fields).
      for (const worker of workers) worker.document = await storedSection(offers, worker.offerId);
      const b = await runRound(workers, perRound, rawWrite);
      raw.push(...b.latencies);
      rawMs += b.elapsedMs;
      await refreshEtags();
    }

    const apiStats = stats(api, apiMs);
    const rawStats = stats(raw, rawMs);
    const ratio = apiStats.p50 / rawStats.p50;
    console.log(`section writes: ${api.length} per side, concurrency ${concurrency}, ${rounds} alternating rounds`);
    console.log(`document: ${JSON.stringify(workers[0]!.document).length} bytes (section document with a complete properties value)`);
    console.table({ 'API PUT (HTTP + JWT + validation + read + batch write)': apiStats, 'raw @azure/cosmos upsert': rawStats });
    console.log(`p50 ratio API/raw: ${ratio.toFixed(2)} (API adds ${((ratio - 1) * 100).toFixed(0)}% to the raw upsert p50; target <= 30%: ${ratio <= 1.3 ? 'met' : 'NOT met'})`);
    console.log(JSON.stringify({ api: apiStats, raw: rawStats, p50Ratio: Number(ratio.toFixed(3)), concurrency, requests: api.length }));
  } finally {
    await stack.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

async function storedSection(offers: Container, offerId: string): Promise<Record<string, unknown>> {
  const { resource } = await offers.item(`section:${offerId}:properties`, accountId).read<Record<string, unknown>>();
  if (!resource) throw new Error(`no stored section for ${offerId}`);
  const { _rid, _self, _etag, _attachments, _ts, ...document } = resource;
  return document;
}

/** `count` writes spread over the workers, each worker writing sequentially (its ETag chain). */
async function runRound(
  workers: Worker[],
  count: number,
  write: (worker: Worker) => Promise<void>,
): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  let remaining = count;
  const start = performance.now();
  await Promise.all(
    workers.map(async (worker) => {
      while (remaining > 0) {
        remaining--;
        const t0 = performance.now();
        await write(worker);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - start };
}

function stats(latencies: number[], elapsedMs: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((s, v) => s + v, 0) / sorted.length),
    'req/s': Math.round((sorted.length / elapsedMs) * 1000),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
