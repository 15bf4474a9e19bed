import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..');
export const fixtureMain = 'dist/test/fixtures/hostapp/app.js';
export const masterKey = 'test-master-key';
export const functionKey = 'test-function-key';

export interface SpawnedHost {
  readonly origin: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` and resolves with the exit code and signal. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a host process on an ephemeral port with the fixture app (or another script), and resolves
 * once `GET /admin/host/status` says Running. Runs the compiled output: `npm run build` first.
 */
export async function spawnHost(
  options: { script?: string; env?: Record<string, string> } = {},
): Promise<SpawnedHost> {
  const script = join(projectRoot, options.script ?? 'dist/devhost/host.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build first.`);
  const child = spawn(process.execPath, [script], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DEVHOST_PORT: '0',
      DEVHOST_APP_ROOT: projectRoot,
      DEVHOST_APP_MAIN: fixtureMain,
      DEVHOST_MASTER_KEY: masterKey,
      DEVHOST_FUNCTION_KEY: functionKey,
      DEVHOST_OPEN_ADMIN: 'false',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );

  const origin = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`host did not start:\n${output}`)), 20_000);
    const onData = (): void => {
      const match = /Functions host listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`host exited during start:\n${output}`));
    });
  });

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`host exited during start:\n${output}`);
    const body = await fetch(`${origin}/admin/host/status`, { headers: { 'x-functions-key': masterKey } })
      .then((res) => res.json() as Promise<{ state?: string }>)
      .catch(() => ({ state: 'unreachable' }));
    if (body.state === 'Running') break;
    if (Date.now() > deadline) throw new Error(`host not Running: ${JSON.stringify(body)}\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    origin,
    child,
    output: () => output,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
