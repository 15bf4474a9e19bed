import { createWriteStream } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProjectRoot, startStack, type Stack } from '../../devhost/stack';
import { ensureBuilt } from './ensureBuilt';
import { STACK_FILE_ENV } from './stackFile';

/** globalSetup and globalTeardown run in the same process; this is how the stack passes between them. */
export const STACK_GLOBAL = '__marketplaceTestStack__';

/**
 * Starts the whole stack once for the integration project, on ephemeral ports with a fresh
 * temporary state folder, and tells the test files where it is: the StackInfo JSON file named
 * by MARKETPLACE_TEST_STACK_FILE, and the app settings copied into the environment (so app code
 * imported by a test reads the same configuration as the host). Logs go to <stateDir>/stack.log.
 */
export default async function globalSetup(): Promise<void> {
  const rootDir = findProjectRoot(__dirname);
  await ensureBuilt(rootDir);
  const stateDir = await mkdtemp(join(tmpdir(), 'marketplace-it-'));
  const log = createWriteStream(join(stateDir, 'stack.log'));
  let stack: Stack;
  try {
    stack = await startStack({ stateDir, output: (source, line) => log.write(`[${source}] ${line}\n`) });
  } catch (err) {
    log.end();
    throw new Error(
      `The integration stack did not start (logs: ${join(stateDir, 'stack.log')}): ${String(err)}`,
      {
        cause: err,
      },
    );
  }
  (globalThis as Record<string, unknown>)[STACK_GLOBAL] = { stack, log };

  const file = join(stateDir, 'stack.json');
  await writeFile(file, JSON.stringify(stack.info, null, 2), { mode: 0o600 });
  process.env[STACK_FILE_ENV] = file;
  Object.assign(process.env, stack.info.appSettings, {
    // The host points its own AUTH_JWKS_URL at itself; code in the test process needs the same.
    AUTH_JWKS_URL: `${stack.info.urls.host}/.well-known/local-issuer/jwks.json`,
  });
}
