import type { HostServices } from '../extension';
import type { DurableSettings } from './durableSettings';
import type { HubDoc, InstanceDoc, OutboxMessage, PendingActivity, PendingTimer } from './documents';
import type { HubStore } from './hubStore';

/** Resolves when a document that includes an accepted message has been written. */
export interface Ack {
  resolve(): void;
  reject(err: unknown): void;
}

export function ackOf(resolve: () => void, reject: (err: unknown) => void): Ack {
  return { resolve, reject };
}

export const noAck: Ack = { resolve: () => undefined, reject: () => undefined };

/** What the instance and entity actors need from the engine that owns them. */
export interface EngineServices {
  readonly settings: DurableSettings;
  readonly store: HubStore;
  readonly host: HostServices;
  /** Writes a document (create when `etag` is undefined, else replace with If-Match); resolves with its new ETag. */
  persist(doc: HubDoc, etag: string | undefined): Promise<string>;
  dispatchActivity(instanceId: string, executionId: string, activity: PendingActivity): void;
  armTimer(instanceId: string, executionId: string, timer: PendingTimer): void;
  disarmTimer(instanceId: string, timerId: number): void;
  /** Delivers a message from `fromId`'s outbox; `fromId` is told once the receiver has written it. */
  route(message: OutboxMessage, fromId: string): void;
  /** The actor of `id` has nothing left to do and may be dropped from memory. */
  idle(id: string): void;
  /** An actor's document could not be written (conflict): drop it and reload from the store. */
  reload(id: string): void;
  onTerminal(doc: InstanceDoc): void;
}

export class DuplicateInstanceError extends Error {
  constructor(instanceId: string) {
    super(`An Orchestration instance with the ID '${instanceId}' already exists.`);
    this.name = 'DuplicateInstanceError';
  }
}
