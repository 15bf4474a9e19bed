import type { DurableClient } from 'durable-functions';

/**
 * Starts an orchestration instance unless the task hub already has one with that id, in any
 * state. `startNew` alone is not enough to resume interrupted work: it replaces a finished
 * instance (Azure's default), which would run the work again. Used where a request or a timer
 * re-drives work whose start may have been cut short (a host killed between a write and the
 * start). Resolves true when this call started it.
 */
export async function startIfAbsent(
  client: DurableClient,
  orchestrator: string,
  instanceId: string,
  input: unknown,
): Promise<boolean> {
  if (await instanceExists(client, instanceId)) return false;
  try {
    await client.startNew(orchestrator, { instanceId, input });
    return true;
  } catch (err) {
    // Started meanwhile by a concurrent caller (409): the work is under way all the same.
    if (await instanceExists(client, instanceId)) return false;
    throw err;
  }
}

export async function instanceExists(client: DurableClient, instanceId: string): Promise<boolean> {
  try {
    await client.getStatus(instanceId);
    return true;
  } catch (err) {
    if (err instanceof Error && err.message.includes('404')) return false;
    throw err;
  }
}
