import type { HookContext, HookName } from './coreTypes';
import type { FunctionsCore } from './functionsCore';
import { hostLog, hostLogEnabled } from './hostLog';

/** Runs every hook registered under `hookName`, in registration order, awaiting each (worker's executeHooks). */
export async function runHooks(core: FunctionsCore, hookName: HookName, context: HookContext): Promise<void> {
  // Copy: a hook may dispose itself (or another) while running.
  const callbacks = [...core.hooks[hookName]];
  if (callbacks.length === 0) return;
  if (hostLogEnabled('debug')) hostLog('debug', 'host', `Executing ${callbacks.length} "${hookName}" hooks`);
  for (const callback of callbacks) {
    await callback(context);
  }
}
