/**
 * Time to hand out an ARM test drive from the hot pool vs deploying it cold
 * (`npm run bench:testdrive-handout`), both measured in the same run on the same stack.
 *
 *   BENCH_HANDOUT_ROUNDS=10 BENCH_ARM_DEPLOY_MS=5000 npm run bench:testdrive-handout
 *
 * Starts the whole local stack (bench/support/benchStack: stand-ins process, Azurite, a Functions
 * host; the external stand-ins in this process) and takes two ARM offers live through the
 * publishing API, one region each: `hot` with 3 hot instances (total 10), `cold` with none (total
 * 10). The ARM stand-in is given a realistic deployment time (BENCH_ARM_DEPLOY_MS, default 5 s;
 * a resource group deletion takes as long; real template deployments take minutes).
 *
 * The pool's timer is switched off (`AzureWebJobs.topUpTestDrivePools.Disabled`) and the bench
 * runs a top-up pass itself through the admin API after every hand-out, so each round starts
 * with a ready instance without waiting for the 30 s schedule. Rounds run one customer at a
 * time, alternating hot and cold, so the two sides share whatever else the machine does. Per
 * customer it measures, from just before the start request:
 *  - active: the first status read (polled every 25 ms) that answers `active`;
 *  - e-mail: `receivedAt` of the access e-mail in the local inbox (same machine clock).
 * Then the session is ended (its resource group deleted in the background).
 */
import { loadavg } from 'node:os';
import type { SectionName } from '../domain/offer/sectionNames';
import { completeOfferWrite, fixtureAlias } from '../test/support/offerFixtures';
import { publisherClient, publishToLive, saveSections, type PublisherClient } from './support/benchOffers';
import { startBenchStack, type BenchStack } from './support/benchStack';
import { percentile } from './support/stats';
import { formatTable, num } from './support/table';

const ROUNDS = Number(process.env['BENCH_HANDOUT_ROUNDS'] ?? 10);
const ARM_DEPLOY_MS = Number(process.env['BENCH_ARM_DEPLOY_MS'] ?? 5000);
const TOP_UP = 'topUpTestDrivePools';
const HOT_REGION = 'westeurope';
const COLD_REGION = 'eastus';

interface Sample {
  activeMs: number;
  emailMs: number;
  /** The resource group the customer got (a hot instance's, or the session's own). */
  resourceGroup: string;
  /** When the start request was sent (ms since the epoch). */
  startedAt: number;
}

async function main(): Promise<void> {
  const bench = await startBenchStack({ hostEnv: { [`AzureWebJobs.${TOP_UP}.Disabled`]: 'true' } });
  try {
    bench.standIns.arm.setDeploymentMs(ARM_DEPLOY_MS);
    const accountId = `handout-${Date.now().toString(36)}`;
    const as = await publisherClient(bench, accountId);
    console.log(
      `ARM stand-in deployment time ${ARM_DEPLOY_MS} ms; ${ROUNDS} rounds; taking two ARM offers live...`,
    );
    const hotListing = await liveArmOffer(bench, as, 'hot-drive', HOT_REGION, { hot: 3, cold: 10 });
    const coldListing = await liveArmOffer(bench, as, 'cold-drive', COLD_REGION, { hot: 0, cold: 10 });

    await topUp(bench);
    await waitForReady(bench, hotListing, 3, 120_000);
    const hot: Sample[] = [];
    const cold: Sample[] = [];
    const loadBefore = loadavg()[0] ?? NaN;
    for (let round = 0; round < ROUNDS; round++) {
      await waitForReady(bench, hotListing, 1, 120_000);
      hot.push(await handOut(bench, hotListing, HOT_REGION, `h${round}-${accountId}`));
      // Replace the instance just handed out (in the background, while the cold one deploys).
      await topUp(bench);
      cold.push(await handOut(bench, coldListing, COLD_REGION, `c${round}-${accountId}`));
      process.stdout.write('.');
    }
    process.stdout.write('\n');
    const loadAfter = loadavg()[0] ?? NaN;

    // From the ARM stand-in's records: was the customer's group deployed before they asked?
    const deployments = bench.standIns.arm.deployments();
    const deployedBefore = (s: Sample): boolean =>
      deployments.some((d) => d.group.endsWith(`/${s.resourceGroup}`) && d.at < s.startedAt);
    const row = (label: string, samples: Sample[], key: 'activeMs' | 'emailMs'): string[] => {
      const values = samples.map((s) => s[key]);
      return [
        label,
        String(values.length),
        num(percentile(values, 50)),
        num(percentile(values, 90)),
        num(Math.max(...values)),
      ];
    };
    console.log(
      formatTable(
        ['start -> ', 'n', 'p50 ms', 'p90 ms', 'max ms'],
        [
          row('hot: active', hot, 'activeMs'),
          row('cold: active', cold, 'activeMs'),
          row('hot: access e-mail', hot, 'emailMs'),
          row('cold: access e-mail', cold, 'emailMs'),
        ],
      ),
    );
    const ratio = (key: 'activeMs' | 'emailMs'): string =>
      num(
        percentile(
          cold.map((s) => s[key]),
          50,
        ) /
          percentile(
            hot.map((s) => s[key]),
            50,
          ),
        1,
      );
    console.log(
      `cold/hot ratio of the medians: active ${ratio('activeMs')}x, access e-mail ${ratio('emailMs')}x`,
    );
    console.log(
      `customers given a group deployed before they asked: hot ${hot.filter(deployedBefore).length}/${hot.length}, ` +
        `cold ${cold.filter(deployedBefore).length}/${cold.length}; deployments the ARM stand-in made: ${deployments.length}`,
    );
    console.log(`load average (1 min) before/after the rounds: ${num(loadBefore, 2)} / ${num(loadAfter, 2)}`);
  } finally {
    await bench.stop();
  }
}

/** One customer: start, wait until active and until the access e-mail is in the inbox, then end. */
async function handOut(
  bench: BenchStack,
  listingId: string,
  region: string,
  customerId: string,
): Promise<Sample> {
  const { token, email } = await bench.customerToken(customerId);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const path = `${bench.host}/api/storefront/offers/${encodeURIComponent(listingId)}/test-drives`;
  const t0 = Date.now();
  const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify({ region }) });
  const started = (await res.json()) as { sessionId?: string };
  if (res.status !== 202 || !started.sessionId)
    throw new Error(`start: ${res.status} ${JSON.stringify(started)}`);
  let activeMs = NaN;
  let resourceGroup = '';
  for (const deadline = t0 + 120_000; Date.now() < deadline;) {
    const view = (await (await fetch(`${path}/${started.sessionId}`, { headers })).json()) as {
      status: string;
      access?: Record<string, string>;
    };
    if (view.status === 'active') {
      activeMs = Date.now() - t0;
      resourceGroup = view.access?.resourceGroup ?? '';
      break;
    }
    if (view.status === 'failed' || view.status === 'ended')
      throw new Error(`session ${started.sessionId} ${view.status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  if (Number.isNaN(activeMs)) throw new Error(`session ${started.sessionId} not active in 120 s`);
  const inbox = bench.stack.info.urls.inbox;
  let emailMs = NaN;
  for (const deadline = Date.now() + 30_000; Number.isNaN(emailMs) && Date.now() < deadline;) {
    const messages = (await (
      await fetch(new URL(`messages?to=${encodeURIComponent(email)}`, inbox))
    ).json()) as {
      receivedAt: string;
      headers: Record<string, string>;
    }[];
    const access = messages.find(
      (m) =>
        m.headers['x-test-drive-session'] === started.sessionId &&
        m.headers['x-test-drive-mail'] === 'access',
    );
    if (access) emailMs = Date.parse(access.receivedAt) - t0;
    else await new Promise((r) => setTimeout(r, 50));
  }
  const ended = await fetch(`${path}/${started.sessionId}/end`, { method: 'POST', headers });
  if (ended.status !== 202) throw new Error(`end: ${ended.status}`);
  return { activeMs, emailMs, resourceGroup, startedAt: t0 };
}

async function topUp(bench: BenchStack): Promise<void> {
  const res = await fetch(`${bench.host}/admin/functions/${TOP_UP}?wait=true`, {
    method: 'POST',
    headers: { 'x-functions-key': bench.masterKey, 'content-type': 'application/json' },
    body: '{}',
  });
  if (res.status !== 200) throw new Error(`top-up: ${res.status} ${await res.text()}`);
}

async function waitForReady(
  bench: BenchStack,
  listingId: string,
  count: number,
  timeoutMs: number,
): Promise<void> {
  const container = bench.cosmos.database(bench.database).container('testDrives');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { resources } = await container.items
      .query<number>(
        {
          query: `SELECT VALUE COUNT(1) FROM c WHERE c.kind = 'poolInstance' AND c.listingId = @l AND c.status = 'ready'`,
          parameters: [{ name: '@l', value: listingId }],
        },
        { partitionKey: listingId },
      )
      .fetchAll();
    if ((resources[0] ?? 0) >= count) return;
    if (Date.now() > deadline)
      throw new Error(`the hot pool of ${listingId} did not reach ${count} ready in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A live offer with an ARM test drive in one region (the template package uploaded for real). */
async function liveArmOffer(
  bench: BenchStack,
  as: PublisherClient,
  offerId: string,
  region: string,
  instances: { hot: number; cold: number },
): Promise<string> {
  const created = await as.call('POST', '/offers', { offerId, alias: `${fixtureAlias} ${offerId}` });
  if (created.status !== 201)
    throw new Error(`create ${offerId}: ${created.status} ${JSON.stringify(created.body)}`);
  const bodies = completeOfferWrite('azureResourceManager') as Record<SectionName, Record<string, unknown>>;
  Object.assign(bodies['test-drive'], { regions: [region], instances, durationHours: 1 });
  bodies.setup['leadManagement'] = {
    destination: 'httpsEndpoint',
    notificationEmails: [],
    connection: { httpsEndpointUrl: `${bench.standIns.urls.leads}/https-endpoint/handout-${as.accountId}` },
  };
  await saveSections(as, offerId, bodies);
  await publishToLive(as, offerId);
  return `${as.accountId}.${offerId}`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
