import { randomUUID } from 'node:crypto';
import type { HostServices } from '../extension';
import {
  TERMINAL_STATUSES,
  type EntityDoc,
  type HubDoc,
  type InboxItem,
  type InstanceDoc,
  type OutboxMessage,
  type PendingActivity,
  type PendingTimer,
  type RuntimeStatus,
} from './documents';
import type { DurableSettings } from './durableSettings';
import { ackOf, DuplicateInstanceError, type Ack, type EngineServices } from './engineServices';
import { EntityActor, entityInstanceId } from './entityActor';
import { EventType, historyEvent } from './historyEvents';
import { HubStore, type StatusFilter } from './hubStore';
import { InstanceActor } from './instanceActor';
import { WriteBatcher } from './writeBatcher';

export class UnknownOrchestratorError extends Error {
  constructor(name: string) {
    super(`The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`);
    this.name = 'UnknownOrchestratorError';
  }
}

export type InstanceLookup =
  { kind: 'missing' } | { kind: 'terminal'; doc: InstanceDoc } | { kind: 'active'; actor: InstanceActor };

interface ActivityJob {
  instanceId: string;
  executionId: string;
  activity: PendingActivity;
}

/**
 * The durable task engine: owns the instance and entity actors of the task hub, runs activities
 * (bounded concurrency), arms timers on the host clock, routes messages between actors, and
 * recovers everything unfinished from the store when the host starts.
 */
export class DurableEngine implements EngineServices {
  readonly settings: DurableSettings;
  readonly store: HubStore;
  readonly host: HostServices;
  readonly #actors = new Map<string, InstanceActor | EntityActor>();
  readonly #loading = new Map<string, Promise<InstanceActor | EntityActor | undefined>>();
  readonly #writes: WriteBatcher;
  readonly #timers = new Map<string, AbortController>();
  readonly #activityQueue: ActivityJob[] = [];
  #activityHead = 0;
  #activitiesRunning = 0;
  readonly #terminalWaiters = new Map<string, Set<() => void>>();
  #stopped = false;

  constructor(settings: DurableSettings, store: HubStore, host: HostServices) {
    this.settings = settings;
    this.store = store;
    this.host = host;
    this.#writes = new WriteBatcher(store, settings.maxConcurrentWrites);
  }

  /** Loads every unfinished instance and entity and resumes it (activities re-run, timers re-armed). */
  async recover(): Promise<{ instances: number; entities: number }> {
    const docs: HubDoc[] = [];
    for await (const doc of this.store.unfinished([...TERMINAL_STATUSES])) docs.push(doc);
    const actors: Array<InstanceActor | EntityActor> = docs.map((doc) => this.#actorFor(doc));
    for (const actor of actors) this.#actors.set(actor.id, actor);
    for (const actor of actors) actor.resume();
    return {
      instances: actors.filter((a) => a instanceof InstanceActor).length,
      entities: actors.filter((a) => a instanceof EntityActor).length,
    };
  }

  stop(): void {
    this.#stopped = true;
    for (const controller of this.#timers.values()) controller.abort();
    this.#timers.clear();
  }

  // ---- EngineServices -------------------------------------------------------------------------

  persist(doc: HubDoc, etag: string | undefined): Promise<string> {
    return this.#writes.write(doc, etag);
  }

  dispatchActivity(instanceId: string, executionId: string, activity: PendingActivity): void {
    if (this.#stopped) return;
    this.#activityQueue.push({ instanceId, executionId, activity });
    this.#drainActivities();
  }

  armTimer(instanceId: string, executionId: string, timer: PendingTimer): void {
    if (this.#stopped) return;
    const key = `${instanceId}\u0000${timer.timerId}`;
    this.#timers.get(key)?.abort();
    const controller = new AbortController();
    this.#timers.set(key, controller);
    this.host.clock.sleepUntil(timer.fireAt, controller.signal).then(
      () => {
        if (this.#timers.get(key) === controller) this.#timers.delete(key);
        const actor = this.#actors.get(instanceId);
        if (actor instanceof InstanceActor) actor.timerFired(executionId, timer.timerId);
      },
      () => undefined,
    );
  }

  disarmTimer(instanceId: string, timerId: number): void {
    const key = `${instanceId}\u0000${timerId}`;
    this.#timers.get(key)?.abort();
    this.#timers.delete(key);
  }

  route(message: OutboxMessage, fromId: string): void {
    if (this.#stopped) return;
    const ack = ackOf(
      () => this.#delivered(fromId, message.msgId),
      (err) => {
        if (err instanceof DuplicateInstanceError) return;
        this.host.log(
          'warn',
          `durable: delivering ${message.kind} to ${message.to} failed (${String(err)}); retrying`,
        );
        setTimeout(() => this.route(message, fromId), 500).unref();
      },
    );
    void this.#deliver(message, ack).catch((err: unknown) => ack.reject(err));
  }

  idle(id: string): void {
    // Deferred to a macrotask: a delivery that already holds this actor (resolved in a microtask
    // chain) lands before it is dropped, never on a dropped actor.
    setImmediate(() => {
      const actor = this.#actors.get(id);
      if (!actor || !actor.isIdle) return;
      if (actor instanceof EntityActor || actor.isTerminal) this.#actors.delete(id);
    });
  }

  reload(id: string): void {
    this.#actors.delete(id);
    this.#resumeFromStore(id, 0);
  }

  /**
   * Loads the actor again and resumes it, reading until the store answers: an instance left
   * without an actor would drop its activity completions and timers and wait forever.
   */
  #resumeFromStore(id: string, attempt: number): void {
    if (this.#stopped) return;
    void this.#load(id).then(
      (actor) => actor?.resume(),
      (err: unknown) => {
        this.host.log('warn', `durable: reloading ${id} failed (${String(err)}); retrying`);
        setTimeout(() => this.#resumeFromStore(id, attempt + 1), Math.min(2000, 100 * 2 ** attempt)).unref();
      },
    );
  }

  onTerminal(doc: InstanceDoc): void {
    const waiters = this.#terminalWaiters.get(doc.id);
    if (!waiters) return;
    this.#terminalWaiters.delete(doc.id);
    for (const wake of waiters) wake();
  }

  // ---- operations of the management API -------------------------------------------------------

  async startNew(
    name: string,
    instanceId: string | undefined,
    input: string | null,
    version?: string,
  ): Promise<string> {
    const fn = this.host.functions.get(name);
    if (!fn || fn.triggerType.toLowerCase() !== 'orchestrationtrigger')
      throw new UnknownOrchestratorError(name);
    const id = instanceId || randomUUID().replace(/-/g, '');
    if (id.startsWith('@'))
      throw new Error('Orchestration instance ids may not start with "@" (reserved for entities).');
    await new Promise<void>((resolve, reject) => {
      const ack = ackOf(resolve, reject);
      const existing = this.#actors.get(id);
      if (existing instanceof InstanceActor) {
        if (!existing.isTerminal) throw new DuplicateInstanceError(id);
        existing.restart({ name, input, ...(version ? { version } : {}) }, ack);
        return;
      }
      const actor = InstanceActor.create(
        this,
        { instanceId: id, name, input, ...(version ? { version } : {}) },
        ack,
      );
      this.#actors.set(id, actor);
      actor.pump();
    });
    return id;
  }

  /** The instance as the store and memory know it: running ones through their actor. */
  async lookup(id: string): Promise<InstanceLookup> {
    const actor = await this.#current(id);
    if (!(actor instanceof InstanceActor)) return { kind: 'missing' };
    if (actor.isTerminal) return { kind: 'terminal', doc: actor.doc };
    return { kind: 'active', actor };
  }

  /** Hands a message to a running instance and resolves once it is stored. */
  send(actor: InstanceActor, item: InboxItem): Promise<void> {
    return new Promise<void>((resolve, reject) => actor.deliver(item, ackOf(resolve, reject)));
  }

  raiseEventItem(name: string, input: string | null): InboxItem {
    return {
      kind: 'event',
      event: historyEvent(EventType.EventRaised, new Date(this.host.clock.now()).toISOString(), {
        Name: name,
        Input: input,
      }),
    };
  }

  readStatus(id: string): Promise<InstanceDoc | undefined> {
    return this.store.read<InstanceDoc>(id).then((doc) => (doc?.kind === 'orchestration' ? doc : undefined));
  }

  /** Resolves when the instance reaches a terminal status or `timeoutMs` passes (real time). */
  waitForTerminal(id: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const set = this.#terminalWaiters.get(id) ?? new Set<() => void>();
      this.#terminalWaiters.set(id, set);
      const wake = (): void => {
        clearTimeout(timer);
        set.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      set.add(wake);
    });
  }

  query(filter: StatusFilter, pageSize: number, continuation?: string) {
    return this.store.queryInstances(filter, pageSize, continuation);
  }

  /** Deletes a finished instance. Running instances are not purged (see docs/durable.md). */
  async purge(id: string): Promise<number> {
    const doc = await this.readStatus(id);
    if (!doc || !TERMINAL_STATUSES.has(doc.status)) return 0;
    const actor = this.#actors.get(id);
    // Not while it still owes a message (e.g. its result to a parent) or has an unwritten change.
    if (actor instanceof InstanceActor && (!actor.isTerminal || !actor.isIdle)) return 0;
    const deleted = await this.store.delete(id, doc._etag);
    if (deleted) this.#actors.delete(id);
    return deleted ? 1 : 0;
  }

  async purgeWhere(filter: StatusFilter): Promise<number> {
    const terminal = [...TERMINAL_STATUSES];
    const statuses: RuntimeStatus[] = filter.statuses?.length
      ? filter.statuses.filter((s) => TERMINAL_STATUSES.has(s))
      : terminal;
    if (statuses.length === 0) return 0;
    const ids: string[] = [];
    let continuation: string | undefined;
    do {
      const page = await this.store.queryInstances({ ...filter, statuses }, 500, continuation);
      ids.push(...page.items.map((i) => i.id));
      continuation = page.continuation;
    } while (continuation);
    let deleted = 0;
    for (const id of ids) deleted += await this.purge(id);
    return deleted;
  }

  async signalEntity(name: string, key: string, op: string, input: string | null): Promise<void> {
    const request = { id: randomUUID(), op, input, signal: true };
    await new Promise<void>((resolve, reject) => {
      const ack = ackOf(resolve, reject);
      this.#entity(entityInstanceId(name, key)).then((actor) => actor.deliver(request, ack), reject);
    });
  }

  async readEntity(name: string, key: string): Promise<EntityDoc | undefined> {
    const doc = await this.store.read<EntityDoc>(entityInstanceId(name, key));
    return doc?.kind === 'entity' ? doc : undefined;
  }

  // ---- internals ------------------------------------------------------------------------------

  async #deliver(message: OutboxMessage, ack: Ack): Promise<void> {
    switch (message.kind) {
      case 'startChild':
        await this.#startChild(message, ack);
        return;
      case 'event': {
        const actor = await this.#current(message.to);
        if (!(actor instanceof InstanceActor)) {
          ack.resolve(); // the receiver is gone (purged): nothing to deliver to
          return;
        }
        actor.deliver(
          {
            kind: 'event',
            event: message.event,
            dedupKey: message.dedupKey,
            ...(message.toExecutionId ? { toExecutionId: message.toExecutionId } : {}),
          },
          ack,
        );
        return;
      }
      case 'entityRequest': {
        const actor = await this.#entity(message.to);
        actor.deliver(message.request, ack);
        return;
      }
    }
  }

  async #startChild(message: Extract<OutboxMessage, { kind: 'startChild' }>, ack: Ack): Promise<void> {
    const { parent } = message;
    const input = message.input === undefined ? null : JSON.stringify(message.input);
    const existing = await this.#current(message.to);
    if (existing instanceof InstanceActor) {
      const p = existing.doc.parent;
      if (
        p &&
        p.instanceId === parent.instanceId &&
        p.executionId === parent.executionId &&
        p.taskId === parent.taskId
      ) {
        ack.resolve(); // already started by an earlier delivery of this message
        return;
      }
      if (!existing.isTerminal) {
        const failed = historyEvent(
          EventType.SubOrchestrationInstanceFailed,
          new Date(this.host.clock.now()).toISOString(),
          {
            TaskScheduledId: parent.taskId,
            Reason: `An Orchestration instance with the ID '${message.to}' already exists.`,
            Details: 'OrchestrationAlreadyExistsException',
          },
        );
        const parentActor = await this.#current(parent.instanceId);
        if (parentActor instanceof InstanceActor) {
          parentActor.deliver(
            {
              kind: 'event',
              event: failed,
              dedupKey: `sub:${parent.taskId}`,
              toExecutionId: parent.executionId,
            },
            ack,
          );
        } else ack.resolve();
        return;
      }
      existing.restart(
        { name: message.name, input, ...(message.version ? { version: message.version } : {}), parent },
        ack,
      );
      return;
    }
    const actor = InstanceActor.create(
      this,
      {
        instanceId: message.to,
        name: message.name,
        input,
        ...(message.version ? { version: message.version } : {}),
        parent,
      },
      ack,
    );
    this.#actors.set(actor.id, actor);
    actor.pump();
  }

  #delivered(fromId: string, msgId: string): void {
    const sender = this.#actors.get(fromId);
    sender?.outboxDelivered(msgId);
  }

  /**
   * The entity's actor, current at the moment the promise settles: callers deliver synchronously in
   * the continuation, so an actor dropped from memory meanwhile is never written to again.
   */
  async #entity(id: string): Promise<EntityActor> {
    const loaded = await this.#current(id);
    if (loaded instanceof EntityActor) return loaded;
    const current = this.#actors.get(id);
    if (current instanceof EntityActor) return current;
    const actor = EntityActor.empty(this, id, this.#entityFunction(id));
    this.#actors.set(id, actor);
    return actor;
  }

  #entityFunction(id: string): string | undefined {
    const name = /^@([^@]*)@/.exec(id)?.[1];
    for (const fn of this.host.functions.values()) {
      if (fn.triggerType.toLowerCase() === 'entitytrigger' && fn.name.toLowerCase() === name) return fn.name;
    }
    return undefined;
  }

  #actorFor(doc: HubDoc): InstanceActor | EntityActor {
    return doc.kind === 'entity'
      ? new EntityActor(this, doc, doc._etag, this.#entityFunction(doc.id))
      : new InstanceActor(this, doc, doc._etag);
  }

  /** Like #load, but retried until the actor it returns is still the one in memory. */
  async #current(id: string): Promise<InstanceActor | EntityActor | undefined> {
    for (;;) {
      const actor = await this.#load(id);
      if (!actor || this.#actors.get(id) === actor) return actor;
    }
  }

  /** The actor of `id`, from memory or the store (undefined when there is no such document). */
  #load(id: string): Promise<InstanceActor | EntityActor | undefined> {
    const inMemory = this.#actors.get(id);
    if (inMemory) return Promise.resolve(inMemory);
    let loading = this.#loading.get(id);
    if (!loading) {
      loading = this.store
        .read<HubDoc>(id)
        .then((doc) => {
          const raced = this.#actors.get(id);
          if (raced) return raced;
          if (!doc) return undefined;
          const actor = this.#actorFor(doc);
          this.#actors.set(id, actor);
          return actor;
        })
        .finally(() => this.#loading.delete(id));
      this.#loading.set(id, loading);
    }
    return loading;
  }

  #drainActivities(): void {
    while (
      this.#activitiesRunning < this.settings.maxConcurrentActivities &&
      this.#activityHead < this.#activityQueue.length
    ) {
      const job = this.#activityQueue[this.#activityHead++] as ActivityJob;
      if (this.#activityHead > 1024 && this.#activityHead * 2 > this.#activityQueue.length) {
        this.#activityQueue.splice(0, this.#activityHead);
        this.#activityHead = 0;
      }
      this.#activitiesRunning++;
      void this.#runActivity(job).finally(() => {
        this.#activitiesRunning--;
        this.#drainActivities();
      });
    }
  }

  async #runActivity(job: ActivityJob): Promise<void> {
    const { activity } = job;
    const timestamp = (): string => new Date(this.host.clock.now()).toISOString();
    let event;
    const fn = this.host.functions.get(activity.name);
    if (!fn || fn.triggerType.toLowerCase() !== 'activitytrigger') {
      event = historyEvent(EventType.TaskFailed, timestamp(), {
        TaskScheduledId: activity.taskId,
        Reason: `The function '${activity.name}' doesn't exist, is disabled, or is not an activity function.`,
        Details: '',
      });
    } else {
      try {
        const result = await this.host.invoke(activity.name, activityInput(activity.input), {
          triggerMetadata: { instanceId: job.instanceId },
        });
        event = historyEvent(EventType.TaskCompleted, timestamp(), {
          TaskScheduledId: activity.taskId,
          Result: JSON.stringify(result ?? null),
        });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        event = historyEvent(EventType.TaskFailed, timestamp(), {
          TaskScheduledId: activity.taskId,
          Reason: `Activity function '${activity.name}' failed: ${message}`,
          Details: err instanceof Error ? (err.stack ?? message) : message,
        });
      }
    }
    if (this.#stopped) return;
    const actor = this.#actors.get(job.instanceId);
    if (actor instanceof InstanceActor) actor.activityDone(job.executionId, event);
  }
}

/**
 * The extension hands an activity its input as a string (the action's input, JSON-encoded unless it
 * already was a string) and the worker JSON-parses strings where it can: `"\"Tokyo\""` arrives as
 * `"Tokyo"`, `{x:1}` as `{x:1}`.
 */
function activityInput(input: unknown): unknown {
  if (input === undefined || input === null) return input ?? undefined;
  const raw = typeof input === 'string' ? input : JSON.stringify(input);
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
