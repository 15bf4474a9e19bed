import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildSpec<T> {
  /** Short name used in messages and as the output prefix. */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Called with every output line (stdout and stderr) until it returns a value: that value is
   * what `startChild` resolves with. It may keep state across lines (several ready lines).
   */
  ready: (line: string) => T | undefined;
  readyTimeoutMs: number;
  /** Receives every output line, before and after readiness. */
  output: (name: string, line: string) => void;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Every child still alive, so that an abrupt exit of this process can still take them down. */
const live = new Set<ManagedChild>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: a last SIGKILL to each group is all that can be done.
  process.on('exit', () => {
    for (const child of live) child.signalGroup('SIGKILL');
  });
}

/**
 * A child process in its own process group (`detached`), so that stopping it also stops
 * anything it spawned, and a Ctrl-C in the terminal reaches only the supervisor, which then
 * stops the children in order.
 */
export class ManagedChild {
  readonly exited: Promise<ExitStatus>;
  private exitStatus: ExitStatus | undefined;

  constructor(
    readonly name: string,
    private readonly proc: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        live.delete(this);
        resolve(this.exitStatus);
      });
    });
    live.add(this);
    installExitHook();
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get hasExited(): boolean {
    return this.exitStatus !== undefined;
  }

  /** Sends `signal` to the child's whole process group; false when nothing was there. */
  signalGroup(signal: NodeJS.Signals): boolean {
    try {
      process.kill(-this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** SIGTERM to the group, SIGKILL when it has not exited within `graceMs`; then sweeps the group. */
  async stop(graceMs = 5000): Promise<ExitStatus> {
    if (!this.hasExited) {
      this.signalGroup('SIGTERM');
      const timer = new Promise<'timeout'>((resolve) => setTimeout(resolve, graceMs, 'timeout').unref());
      if ((await Promise.race([this.exited, timer])) === 'timeout') this.signalGroup('SIGKILL');
    }
    const status = await this.exited;
    // The leader is gone; anything it spawned and left behind in its group goes too.
    this.signalGroup('SIGKILL');
    return status;
  }

  /** Kills the group at once (crash tests). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitStatus> {
    this.signalGroup(signal);
    const status = await this.exited;
    this.signalGroup('SIGKILL');
    return status;
  }
}

/** Spawns the child and resolves once `spec.ready` recognises its output. */
export async function startChild<T>(spec: ChildSpec<T>): Promise<{ child: ManagedChild; ready: T }> {
  const proc = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = new ManagedChild(spec.name, proc);
  const recent: string[] = [];
  let resolveReady: (value: T) => void = () => undefined;
  const readyPromise = new Promise<T>((resolve) => (resolveReady = resolve));
  let isReady = false;

  for (const stream of [proc.stdout, proc.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      spec.output(spec.name, line);
      if (isReady) return;
      recent.push(line);
      if (recent.length > 30) recent.shift();
      const value = spec.ready(line);
      if (value !== undefined) {
        isReady = true;
        resolveReady(value);
      }
    });
  }

  const spawnError = new Promise<never>((_, reject) => proc.once('error', reject));
  const earlyExit = child.exited.then((status) => {
    throw new Error(
      `${spec.name} exited before it was ready (code ${status.code}, signal ${status.signal}):\n${recent.join('\n')}`,
    );
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`${spec.name} was not ready within ${spec.readyTimeoutMs} ms:\n${recent.join('\n')}`),
        ),
      spec.readyTimeoutMs,
    );
  });
  try {
    const ready = await Promise.race([readyPromise, earlyExit, spawnError, timeout]);
    return { child, ready };
  } catch (err) {
    await child.stop(2000);
    throw err;
  } finally {
    clearTimeout(timer);
    earlyExit.catch(() => undefined);
  }
}
