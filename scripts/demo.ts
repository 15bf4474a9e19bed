/**
 * The publishing demo, against a running `npm start`: builds a complete offer from the demo seed
 * (scripts/seedDemo), submits it, prints each pipeline step as the submission's timeline records
 * it (validation, certification, provisioning, preview), prints the preview e-mail from the
 * local inbox, selects Go-live and ends with the live listing as customers read it.
 *
 *   npm run demo -- [--stack .local/stack.json] [--account contoso] [--offer contoso-field-assist]
 *
 * Host and inbox URLs come from the stack file that `npm start` writes. Only the publisher API,
 * the storefront API and the inbox are used: what a publisher and a customer see.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { loadLocalIssuerKey, mintLocalToken } from '../devhost/localIssuerKey';
import { findProjectRoot } from '../devhost/stack';

interface StackFile {
  urls: { host: string; inbox: string };
}

interface TimelineEntry {
  stage: string;
  startedAt: string;
  endedAt?: string;
  outcome?: string;
  detail?: string;
}

interface SubmissionBody {
  submissionId: string;
  state: string;
  timeline: TimelineEntry[];
  statusUrl?: string;
  liveVersion?: number;
}

interface InboxMessage {
  subject: string;
  plainText?: string;
  to?: { address: string }[];
  headers: Record<string, string>;
}

const ENDED = new Set([
  'live',
  'certificationFailed',
  'certificationTimedOut',
  'canceled',
  'validationFailed',
  'provisioningFailed',
]);

const run = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const time = (iso: string): string => iso.slice(11, 23);

async function main(): Promise<void> {
  const rootDir = findProjectRoot();
  const { values } = parseArgs({
    options: {
      stack: { type: 'string', default: join(rootDir, '.local', 'stack.json') },
      account: { type: 'string', default: 'contoso' },
      offer: { type: 'string', default: 'contoso-field-assist' },
      timeout: { type: 'string', default: '120' },
    },
  });
  const stack = JSON.parse(readFileSync(values.stack, 'utf8')) as StackFile;
  const host = stack.urls.host.replace(/\/$/, '');
  const timeoutMs = Number(values.timeout) * 1000;

  // 1. The offer, from the demo seed (the same script as `npm run seed:demo`).
  console.log(`== 1. Creating a complete offer (${host})`);
  const seeded = await run(
    process.execPath,
    [
      join(rootDir, 'dist', 'scripts', 'seedDemo.js'),
      '--host',
      host,
      '--account',
      values.account,
      '--offer',
      values.offer,
    ],
    { cwd: rootDir, timeout: timeoutMs },
  );
  process.stdout.write(seeded.stdout.replace(/^/gm, '   '));
  const offerId = /^Offer (\S+) in account/m.exec(seeded.stdout)?.[1];
  if (!offerId) throw new Error('the seed did not say which offer it created');

  const token = await mintLocalToken(await loadLocalIssuerKey(rootDir), {
    accountId: values.account,
    userId: 'demo-publisher',
  });
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${host}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  // 2. Pre-flight and submit.
  console.log('== 2. Pre-flight and submit');
  const preflight = await call<{ passed: boolean; issues: unknown[]; notes: unknown[] }>(
    'POST',
    `/offers/${offerId}/preflight`,
  );
  console.log(
    `   pre-flight: ${preflight.body.passed ? 'passed' : 'failed'} (${preflight.body.issues.length} issue(s), ${preflight.body.notes.length} note(s))`,
  );
  const submitted = await call<SubmissionBody>('POST', `/offers/${offerId}/submissions`, {
    notesForCertification: 'Demo release 2.4: dispatch board and mobile check-in.',
  });
  if (submitted.status !== 202)
    throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const id = submitted.body.submissionId;
  console.log(`   submission ${id} accepted (202), status: ${host}${submitted.body.statusUrl ?? ''}`);

  // 3. The pipeline, step by step, as the timeline records it.
  console.log('== 3. The pipeline');
  const printed = new Set<string>();
  const follow = async (until: (s: SubmissionBody) => boolean): Promise<SubmissionBody> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = (await call<SubmissionBody>('GET', `/offers/${offerId}/submissions/${id}`)).body;
      for (const e of s.timeline) {
        const started = `${e.stage}:start`;
        if (!printed.has(started)) {
          printed.add(started);
          console.log(`   ${time(e.startedAt)}  ${e.stage.padEnd(14)} started`);
        }
        const ended = `${e.stage}:end`;
        if (e.endedAt && !printed.has(ended)) {
          printed.add(ended);
          console.log(
            `   ${time(e.endedAt)}  ${e.stage.padEnd(14)} ${e.outcome ?? 'ended'}${e.detail ? `  (${e.detail})` : ''}`,
          );
        }
      }
      if (until(s)) return s;
      if (ENDED.has(s.state)) throw new Error(`the submission ended ${s.state}`);
      if (Date.now() > deadline) throw new Error(`still ${s.state} after ${values.timeout} s`);
      await sleep(250);
    }
  };
  await follow((s) => s.state === 'preview');

  // 4. The preview e-mail.
  const mail = async (subjectStart: string): Promise<InboxMessage> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await fetch(new URL('messages', stack.urls.inbox));
      const found = ((await res.json()) as InboxMessage[]).find(
        (m) => m.headers['x-submission-id'] === id && m.subject.startsWith(subjectStart),
      );
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no "${subjectStart}" e-mail in the inbox`);
      await sleep(250);
    }
  };
  const printMail = (m: InboxMessage): void => {
    console.log(`   To: ${(m.to ?? []).map((t) => t.address).join(', ')}`);
    console.log(`   Subject: ${m.subject}`);
    console.log((m.plainText ?? '').replace(/^/gm, '   | '));
  };
  console.log('== 4. The preview e-mail (local inbox)');
  printMail(await mail('Preview ready'));

  // 5. Go-live.
  console.log('== 5. Go-live');
  const goLive = await call<SubmissionBody>('POST', `/offers/${offerId}/submissions/${id}/go-live`);
  if (goLive.status !== 202) throw new Error(`go-live: ${goLive.status} ${JSON.stringify(goLive.body)}`);
  const live = await follow((s) => s.state === 'live');
  console.log(`   live, version ${live.liveVersion ?? '?'}`);
  printMail(await mail('Live'));

  // 6. What customers see.
  const listingId = `${values.account}.${offerId}`;
  console.log(`== 6. The live listing (GET ${host}/api/storefront/offers/${listingId}, no token)`);
  const listing = await fetch(`${host}/api/storefront/offers/${encodeURIComponent(listingId)}`);
  if (listing.status !== 200) throw new Error(`storefront: ${listing.status}`);
  console.log(JSON.stringify(await listing.json(), null, 2).replace(/^/gm, '   '));
  console.log('Demo finished.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
