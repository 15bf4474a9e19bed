import type { WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Stack } from '../../devhost/stack';
import { checkStackLog } from './checkStackLog';
import { STACK_GLOBAL } from './globalSetup';

/** Stops every process of the integration stack; keeps the state folder (and its log) only if KEEP_TEST_STACK is set. */
export default async function globalTeardown(): Promise<void> {
  const held = (globalThis as Record<string, unknown>)[STACK_GLOBAL] as
    { stack: Stack; log: WriteStream } | undefined;
  if (!held) return;
  delete (globalThis as Record<string, unknown>)[STACK_GLOBAL];
  await held.stack.stop();
  await new Promise<void>((resolve) => held.log.end(resolve));
  // No secret the run used may appear in its logs; on a leak the folder is kept for inspection.
  const leaks = await checkStackLog(held.stack.info);
  if (leaks !== undefined) throw new Error(leaks);
  if (!process.env.KEEP_TEST_STACK) {
    await rm(held.stack.info.stateDir, { recursive: true, force: true });
  }
}
