/**
 * `npm start`: the whole system on this machine. Starts the stand-ins and the Functions host
 * (devhost/stack.ts), prints where each thing listens, checks `GET /api/health`, and on Ctrl-C,
 * SIGINT or SIGTERM stops every child process group (SIGKILL after a grace period).
 *
 *   node dist/devhost/launcher.js [--ports=ephemeral] [--state-dir=<dir>]
 *
 * Defaults: fixed ports (host 7071, Cosmos DB 8081, inbox 7075, Azurite 10000-10002) and state
 * under .local/ in the project (TLS certificate, Azurite data). The URLs, pids and the host's
 * keys are written to <state-dir>/stack.json for tools; the keys are not printed.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_PORTS, EPHEMERAL_PORTS, findProjectRoot, startStack, type Stack } from './stack';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const args = new Map(
    process.argv.slice(2).map((a) => {
      const [k, v] = a.replace(/^--/, '').split('=', 2);
      return [k ?? '', v ?? 'true'] as const;
    }),
  );
  const rootDir = findProjectRoot();
  const stateDir = args.get('state-dir') ?? join(rootDir, '.local');
  const ports = args.get('ports') === 'ephemeral' ? EPHEMERAL_PORTS : DEFAULT_PORTS;

  // Set once started; the signal handlers registered before that read it.
  const running: { stack?: Stack } = {};
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    process.stdout.write(`\n${signal}: stopping...\n`);
    stopping = (running.stack?.stop() ?? Promise.resolve()).then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  // Registered before anything starts, so a Ctrl-C during start-up is honoured too.
  let pendingSignal: string | undefined;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => (running.stack ? shutdown(signal) : (pendingSignal = signal)));
  }

  process.stdout.write('Starting the stand-ins and the Functions host...\n');
  const stack = await startStack({
    stateDir,
    ports,
    // Azurite is silent; the host's and the stand-ins' own lines are the developer's log.
    output: (source, line) => process.stdout.write(`[${source}] ${line}\n`),
  });
  running.stack = stack;
  if (pendingSignal) return shutdown(pendingSignal);

  const { info } = stack;
  await writeFile(join(stateDir, 'stack.json'), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  const hostReadyMs = performance.now() - startedAt;
  const health = await fetch(`${info.urls.host}/api/health`)
    .then(async (r) => `${r.status} ${JSON.stringify(await r.json())}`)
    .catch((err: unknown) => `unreachable: ${String(err)}`);
  const healthyMs = performance.now() - startedAt;

  const rows: [string, string][] = [
    ['Functions host', `${info.urls.host}/api/`],
    ['Health', `${info.urls.host}/api/health`],
    ['Cosmos DB stand-in', info.urls.cosmos],
    ['Blob (Azurite, HTTPS)', info.urls.blob],
    ['Queue (Azurite, HTTPS)', info.urls.queue],
    ['Table (Azurite, HTTPS)', info.urls.table],
    ['E-mail inbox', `${info.urls.inbox} (JSON: ${info.urls.inbox}messages)`],
    ['TLS certificate', info.caCertPath],
    ['URLs, pids, admin keys', join(stateDir, 'stack.json')],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(
    [
      '',
      ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
      '',
      `  Host running after ${(hostReadyMs / 1000).toFixed(1)} s; GET /api/health -> ${health} after ${(healthyMs / 1000).toFixed(1)} s`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
