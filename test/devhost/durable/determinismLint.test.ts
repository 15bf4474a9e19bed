import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..');
const fixture = 'test/fixtures/determinism/orchestrations/violations.ts';

/** The orchestration lint block (eslint.config.mjs) catches non-replay-safe code in orchestrators. */
describe('determinism guard for orchestrators', () => {
  it('When an orchestrator uses the clock, randomness, timers, fetch, env or I/O modules, then lint reports each use and nothing in the activity', () => {
    // The ESLint CLI in its own process: its config loader needs native dynamic import, which jest's VM lacks.
    const run = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', fixture],
      {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 16 << 20,
      },
    );
    const [result] = JSON.parse(run.stdout) as Array<{
      messages: Array<{ line: number; ruleId: string | null }>;
    }>;
    const reported = (result?.messages ?? [])
      .filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-imports')
      .map((m) => `${m.line} ${m.ruleId}`)
      .sort();
    const expected = readFileSync(join(root, fixture), 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const match = /\/\/ VIOLATION (\S+)/.exec(line);
        return match ? [`${i + 1} ${match[1]}`] : [];
      })
      .sort();
    expect(expected).toHaveLength(9);
    expect(reported).toEqual(expected);
  }, 60_000);
});
