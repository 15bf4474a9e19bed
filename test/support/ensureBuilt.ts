import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const SOURCE_DIRS = ['functions', 'orchestrations', 'domain', 'adapters', 'app', 'devhost'];

/**
 * The stack runs the compiled app (dist/), as Azure does. `npm test` builds first; a direct
 * `npx jest` after an edit would otherwise test stale code, so this rebuilds when any source
 * file is newer than the last build. Type errors are reported but do not stop the run (tsc
 * still emits), because other folders may be mid-edit; `npm test` is the strict gate.
 */
export async function ensureBuilt(rootDir: string): Promise<void> {
  const marker = join(rootDir, 'dist', 'devhost', 'host.js');
  const builtAt = await stat(marker).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (builtAt > 0 && !(await anyNewer(rootDir, SOURCE_DIRS, builtAt))) return;
  const tsc = join(rootDir, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: rootDir,
      maxBuffer: 16 << 20,
    });
  } catch (err) {
    const out = (err as { stdout?: string }).stdout ?? String(err);
    process.stderr.write(
      `\nglobalSetup: the build reported errors (continuing with what was emitted):\n${out.slice(0, 4000)}\n`,
    );
  }
}

async function anyNewer(rootDir: string, dirs: string[], than: number): Promise<boolean> {
  for (const dir of dirs) {
    const entries = await readdir(join(rootDir, dir), { recursive: true, withFileTypes: true }).catch(
      () => [],
    );
    for (const e of entries) {
      if (!e.isFile() || !e.name.endsWith('.ts')) continue;
      const s = await stat(join(e.parentPath, e.name)).catch(() => undefined);
      if (s && s.mtimeMs > than) return true;
    }
  }
  return false;
}
