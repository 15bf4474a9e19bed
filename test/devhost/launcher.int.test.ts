import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackInfo } from '../support/stack';

/** Every live process whose parent chain leads to `root` (read from /proc). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  for (const pid of parentOf.keys()) {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) {
      if (p === root) {
        found.push(pid);
        break;
      }
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start launcher', () => {
  let stateDir: string;
  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'launcher-it-'));
  });
  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('When the launcher gets SIGINT, then it exits 0 and no process it started is left', async () => {
    const launcher = spawn(
      process.execPath,
      [
        join(stackInfo().rootDir, 'dist', 'devhost', 'launcher.js'),
        '--ports=ephemeral',
        `--state-dir=${stateDir}`,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    launcher.stdout.on('data', (d: Buffer) => (output += d.toString()));
    launcher.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 60_000;
    while (!output.includes('Ctrl-C stops everything')) {
      if (Date.now() > deadline || launcher.exitCode !== null)
        throw new Error(`launcher not ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toMatch(/GET \/api\/health -> 200/);
    const started = JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8')) as {
      pids: { host: number; standIns: number; azurite: number };
    };
    const children = descendants(launcher.pid ?? -1);
    expect(children).toEqual(expect.arrayContaining(Object.values(started.pids)));

    launcher.kill('SIGINT');
    expect(await exited).toBe(0);
    const leftovers = [...children, ...Object.values(started.pids)].filter(isAlive);
    expect(leftovers).toEqual([]);
    for (const pgid of Object.values(started.pids)) {
      expect(() => process.kill(-pgid, 0)).toThrow(); // the whole process group is gone
    }
  }, 90_000);
});
