import { randomUUID } from 'node:crypto';
import {
  TERMINAL_STATUSES,
  type FailurePayload,
  type InboxItem,
  type InstanceDoc,
  type OutboxMessage,
  type PendingTimer,
  type RetryState,
} from './documents';
import { timeSpanMs } from './durableSettings';
import { DuplicateInstanceError, type Ack, type EngineServices } from './engineServices';
import { EventType, historyEvent, type HistoryEvent } from './historyEvents';
import { StoreConflictError } from './hubStore';
import {
  ActionType,
  consumesId,
  decodeProcessedInput,
  flattenActions,
  retryDelayMs,
  stateFromFailure,
  type OrchestratorAction,
  type OrchestratorState,
} from './orchestratorActions';

/** Most episodes run between two writes of one instance (group commit under load). */
const MAX_EPISODES_PER_WRITE = 32;

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * One orchestration instance. Its episodes run one at a time: each takes the next message of the
 * inbox, replays the orchestrator over the whole history plus that one new event (so sequence
 * numbers are allocated unambiguously, §1.3 of the protocol notes), and applies the actions the
 * orchestrator added. Effects (activities, timers, messages to other instances) and
 * acknowledgements wait until the document that records them is written.
 */
export class InstanceActor {
  doc: InstanceDoc;
  /** ETag of the stored document; undefined while the document has never been written. */
  etag: string | undefined;
  #dirty = false;
  #pumping = false;
  #effects: Array<() => void> = [];
  #acks: Ack[] = [];
  readonly #engine: EngineServices;
  readonly #maxShortMs: number;
  readonly #longIntervalMs: number;

  constructor(engine: EngineServices, doc: InstanceDoc, etag: string | undefined) {
    this.#engine = engine;
    this.doc = doc;
    this.etag = etag;
    this.#maxShortMs = timeSpanMs(engine.settings.maximumShortTimer);
    this.#longIntervalMs = timeSpanMs(engine.settings.longRunningTimerInterval);
    if (etag === undefined) this.#dirty = true;
  }

  get id(): string {
    return this.doc.id;
  }

  get isTerminal(): boolean {
    return TERMINAL_STATUSES.has(this.doc.status);
  }

  get isIdle(): boolean {
    return !this.#pumping && !this.#dirty && this.doc.inbox.length === 0 && this.doc.outbox.length === 0;
  }

  /** A new document: resolves `ack` once it is written (with its first episode, usually). */
  static create(
    engine: EngineServices,
    init: {
      instanceId: string;
      name: string;
      input: string | null;
      version?: string;
      parent?: InstanceDoc['parent'];
    },
    ack: Ack,
  ): InstanceActor {
    const now = engine.host.clock.now();
    const executionId = randomUUID();
    const started = historyEvent(EventType.ExecutionStarted, iso(now), {
      Name: init.name,
      Input: init.input,
      Version: init.version ?? '',
      OrchestrationInstance: { InstanceId: init.instanceId, ExecutionId: executionId },
      ParentInstance: init.parent
        ? {
            Name: init.parent.name,
            OrchestrationInstance: {
              InstanceId: init.parent.instanceId,
              ExecutionId: init.parent.executionId,
            },
            TaskScheduleId: init.parent.taskId,
          }
        : null,
    });
    const doc: InstanceDoc = {
      id: init.instanceId,
      kind: 'orchestration',
      name: init.name,
      ...(init.version ? { version: init.version } : {}),
      executionId,
      status: 'Pending',
      input: init.input,
      output: null,
      customStatus: null,
      createdAt: now,
      updatedAt: now,
      ...(init.parent ? { parent: init.parent } : {}),
      history: [],
      nextId: 0,
      actionCount: 0,
      schemaVersion: engine.settings.schema === 'v1' ? 0 : 2,
      activities: [],
      timers: [],
      retries: [],
      children: [],
      inbox: [{ kind: 'event', event: started }],
      outbox: [],
    };
    const actor = new InstanceActor(engine, doc, undefined);
    actor.#acks.push(ack);
    return actor;
  }

  /** After a restart: re-run what was scheduled and not completed, re-arm timers, resend messages. */
  resume(): void {
    const d = this.doc;
    for (const activity of d.activities) this.#engine.dispatchActivity(d.id, d.executionId, activity);
    for (const timer of d.timers) this.#engine.armTimer(d.id, d.executionId, timer);
    for (const message of d.outbox) this.#engine.route(message, d.id);
    if (d.inbox.length > 0) this.pump();
  }

  /**
   * Accepts a message. Completions of activities and timers move the work from "pending" to the
   * inbox in one step, so a write never records both or neither.
   */
  deliver(item: InboxItem, ack: Ack): void {
    const d = this.doc;
    if (
      this.isTerminal ||
      (item.kind === 'event' && item.toExecutionId && item.toExecutionId !== d.executionId)
    ) {
      ack.resolve();
      return;
    }
    if (item.kind === 'event' && item.dedupKey && this.#seen(item.dedupKey)) {
      ack.resolve();
      return;
    }
    d.inbox.push(item);
    this.#acks.push(ack);
    this.#dirty = true;
    this.pump();
  }

  activityDone(executionId: string, event: HistoryEvent): void {
    const d = this.doc;
    if (this.isTerminal || executionId !== d.executionId) return;
    const at = d.activities.findIndex((a) => a.taskId === event.TaskScheduledId);
    if (at < 0) return; // a duplicate run of an activity whose result is already recorded
    d.activities.splice(at, 1);
    d.inbox.push({ kind: 'event', event });
    this.#dirty = true;
    this.pump();
  }

  timerFired(executionId: string, timerId: number): void {
    const d = this.doc;
    if (this.isTerminal || executionId !== d.executionId) return;
    const at = d.timers.findIndex((t) => t.timerId === timerId);
    if (at < 0) return;
    const [timer] = d.timers.splice(at, 1) as [PendingTimer];
    const event = historyEvent(EventType.TimerFired, iso(this.#engine.host.clock.now()), {
      TimerId: timerId,
      FireAt: iso(timer.fireAt),
    });
    d.inbox.push({
      kind: 'event',
      event,
      ...(timer.finalFireAt !== undefined ? { finalFireAt: timer.finalFireAt } : {}),
      ...(timer.actionIndex !== undefined ? { actionIndex: timer.actionIndex } : {}),
    });
    this.#dirty = true;
    this.pump();
  }

  /** The receiver of an outbox message has written it: forget it (persisted with the next write). */
  outboxDelivered(msgId: string): void {
    const at = this.doc.outbox.findIndex((m) => m.msgId === msgId);
    if (at < 0) return;
    this.doc.outbox.splice(at, 1);
    this.#dirty = true;
    // Not urgent: a lost removal only means the receiver sees the message again and drops it.
    setTimeout(() => this.pump(), 200).unref();
  }

  pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    void this.#run()
      .catch((err: unknown) =>
        this.#engine.host.log('error', `durable: ${this.id} stopped on an engine error: ${String(err)}`),
      )
      .finally(() => {
        this.#pumping = false;
        if (this.#nextItem() || this.#dirty) this.pump();
        else if (this.isIdle) this.#engine.idle(this.id);
      });
  }

  async #run(): Promise<void> {
    for (;;) {
      let episodes = 0;
      let item: InboxItem | undefined;
      while (episodes < MAX_EPISODES_PER_WRITE && (item = this.#nextItem())) {
        await this.#step(item);
        episodes++;
      }
      if (!this.#dirty) return;
      const ok = await this.#flush();
      if (!ok) return;
    }
  }

  #nextItem(): InboxItem | undefined {
    const d = this.doc;
    if (this.isTerminal) return undefined;
    if (d.status === 'Suspended') return d.inbox.find((i) => i.kind === 'resume' || i.kind === 'terminate');
    return d.inbox[0];
  }

  #seen(dedupKey: string): boolean {
    const d = this.doc;
    if (d.inbox.some((i) => i.kind === 'event' && i.dedupKey === dedupKey)) return true;
    const [kind, key] = dedupKey.split(':', 2) as [string, string];
    if (kind === 'sub') {
      const taskId = Number(key);
      return d.history.some(
        (e) =>
          (e.EventType === EventType.SubOrchestrationInstanceCompleted ||
            e.EventType === EventType.SubOrchestrationInstanceFailed) &&
          e.TaskScheduledId === taskId,
      );
    }
    if (kind === 'ent') return d.history.some((e) => e.EventType === EventType.EventRaised && e.Name === key);
    return false;
  }

  async #step(item: InboxItem): Promise<void> {
    const d = this.doc;
    const remove = (): void => {
      const at = d.inbox.indexOf(item);
      if (at >= 0) d.inbox.splice(at, 1);
    };
    const now = this.#engine.host.clock.now();
    this.#dirty = true;
    switch (item.kind) {
      case 'terminate':
        remove();
        this.#terminate(item.reason, now);
        return;
      case 'suspend':
        remove();
        if (d.status === 'Running' || d.status === 'Pending') {
          d.status = 'Suspended';
          d.history.push(
            played(historyEvent(EventType.ExecutionSuspended, iso(now), { Reason: item.reason })),
          );
          d.updatedAt = now;
        }
        return;
      case 'resume':
        remove();
        if (d.status === 'Suspended') {
          d.status = 'Running';
          d.history.push(played(historyEvent(EventType.ExecutionResumed, iso(now), { Reason: item.reason })));
          d.updatedAt = now;
        }
        return;
      case 'event':
        remove();
        try {
          await this.#episode(item, now);
        } catch (err) {
          // A defect of the engine, not of the orchestrator: fail the instance visibly rather than loop.
          this.#engine.host.log('error', `durable: episode of ${d.id} failed in the engine: ${String(err)}`);
          if (!this.isTerminal) this.#fail(`local durable engine error: ${String(err)}`, now);
        }
        return;
    }
  }

  async #episode(item: Extract<InboxItem, { kind: 'event' }>, now: number): Promise<void> {
    const d = this.doc;
    const executionId = d.executionId;
    const event = item.event;
    const started = historyEvent(EventType.OrchestratorStarted, iso(now));
    const scheduled: HistoryEvent[] = [];
    this.#internalAllocation(item, now, scheduled);

    const history = d.history.concat([started, event]);
    const input = {
      history,
      input: d.input === null ? null : (JSON.parse(d.input) as unknown),
      instanceId: d.id,
      isReplaying: false,
      parentInstanceId: d.parent?.instanceId ?? null,
      upperSchemaVersion: d.schemaVersion === 0 ? 0 : 1,
      ...(d.schemaVersion === 0 ? {} : { upperSchemaVersionNew: 2 }),
      longRunningTimerIntervalDuration: this.#engine.settings.longRunningTimerInterval,
      maximumShortTimerDuration: this.#engine.settings.maximumShortTimer,
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
    };
    let state: OrchestratorState;
    let failed = false;
    if (!this.#engine.host.functions.has(d.name)) {
      state = { isDone: false, actions: [[]], error: `The function '${d.name}' doesn't exist.` };
      failed = true;
    } else {
      try {
        state = (await this.#engine.host.invoke(d.name, input, {
          triggerMetadata: { instanceId: d.id },
        })) as OrchestratorState;
        if (!state || !Array.isArray(state.actions))
          throw new Error('The orchestrator returned no OrchestratorState.');
      } catch (err) {
        state = stateFromFailure(err);
        failed = true;
      }
    }
    if (d.executionId !== executionId || this.isTerminal) return; // terminated meanwhile (cannot happen: serial)

    if (event.EventType === EventType.ExecutionStarted && d.status === 'Pending') d.status = 'Running';
    d.history.push(played(started), played(event), ...scheduled.map(played));
    d.updatedAt = now;
    d.customStatus = state.customStatus === undefined ? null : JSON.stringify(state.customStatus);

    if (failed) {
      this.#fail(state.error ?? 'unknown error', now);
      return;
    }
    const actions = flattenActions(state.actions);
    for (let i = 0; i < Math.min(d.actionCount, actions.length); i++) {
      const action = actions[i];
      if (action?.actionType === ActionType.CreateTimer && action.isCanceled) this.#cancelTimer(i);
    }
    if (actions.length < d.actionCount) {
      this.#engine.host.log(
        'warn',
        `durable: ${d.id} returned fewer actions (${actions.length}) than before (${d.actionCount}); non-deterministic orchestrator?`,
      );
    }
    const added: HistoryEvent[] = [];
    let continueAsNew: OrchestratorAction | undefined;
    for (let i = d.actionCount; i < actions.length; i++) {
      const action = actions[i] as OrchestratorAction;
      if (action.actionType === ActionType.ContinueAsNew) continueAsNew = action;
      else this.#apply(action, i, now, added);
    }
    d.actionCount = Math.max(d.actionCount, actions.length);
    d.history.push(...added.map(played), played(historyEvent(EventType.OrchestratorCompleted, iso(now))));

    if (state.isDone && continueAsNew) this.#continueAsNew(continueAsNew.input, now);
    else if (state.isDone) this.#complete(state.output, now);
  }

  /**
   * Ids the library allocates itself while it processes the new event, before user code resumes:
   * the retry timer after a failed attempt, the next attempt after that timer, the next slice of a
   * long timer (RetryableTask / LongTimerTask).
   */
  #internalAllocation(
    item: Extract<InboxItem, { kind: 'event' }>,
    now: number,
    scheduled: HistoryEvent[],
  ): void {
    const d = this.doc;
    const e = item.event;
    if (e.EventType === EventType.TaskFailed || e.EventType === EventType.SubOrchestrationInstanceFailed) {
      const retry = d.retries.find((r) => !r.waitingOnTimer && r.currentId === e.TaskScheduledId);
      if (!retry) return;
      retry.lastFailure = { Reason: e.Reason ?? '', Details: e.Details ?? '' };
      const delay = retryDelayMs(retry.options, retry.attempt);
      retry.attempt++;
      const timerId = d.nextId++;
      retry.currentId = timerId;
      retry.waitingOnTimer = true;
      scheduled.push(this.#addTimer({ timerId, fireAt: now + delay, retryOf: retry.firstTaskId }));
    } else if (
      e.EventType === EventType.TaskCompleted ||
      e.EventType === EventType.SubOrchestrationInstanceCompleted
    ) {
      d.retries = d.retries.filter((r) => r.waitingOnTimer || r.currentId !== e.TaskScheduledId);
    } else if (e.EventType === EventType.TimerFired) {
      const retry = d.retries.find((r) => r.waitingOnTimer && r.currentId === e.TimerId);
      if (retry) {
        retry.waitingOnTimer = false;
        if (retry.attempt > retry.options.maxNumberOfAttempts) {
          d.retries = d.retries.filter((r) => r !== retry);
          return;
        }
        const id = d.nextId++;
        retry.currentId = id;
        const timeout = retry.options.retryTimeoutInMilliseconds;
        const expired = timeout !== undefined && timeout > 0 && now >= retry.firstAttemptAt + timeout;
        scheduled.push(this.#scheduleAttempt(retry, id, now, expired));
        return;
      }
      if (item.finalFireAt !== undefined && item.finalFireAt > now) {
        const timerId = d.nextId++;
        const fireAt =
          item.finalFireAt - now > this.#maxShortMs ? now + this.#longIntervalMs : item.finalFireAt;
        // The next slice belongs to the same user timer (action index), so cancelling it disarms the slice.
        const owner = item.actionIndex === undefined ? {} : { actionIndex: item.actionIndex };
        scheduled.push(this.#addTimer({ timerId, fireAt, finalFireAt: item.finalFireAt, ...owner }));
      }
    }
  }

  #apply(action: OrchestratorAction, index: number, now: number, added: HistoryEvent[]): void {
    const d = this.doc;
    if (!consumesId(action)) return;
    const id = d.nextId++;
    switch (action.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry: {
        const name = action.functionName ?? '';
        if (action.actionType === ActionType.CallActivityWithRetry && action.retryOptions) {
          d.retries.push(newRetry('activity', id, name, action, now));
        }
        added.push(this.#scheduleActivity(id, name, action.input, now));
        return;
      }
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry: {
        const name = action.functionName ?? '';
        if (action.actionType === ActionType.CallSubOrchestratorWithRetry && action.retryOptions) {
          d.retries.push(newRetry('subOrchestration', id, name, action, now));
        }
        added.push(this.#scheduleChild(id, name, action.instanceId, action.input, action.version, now));
        return;
      }
      case ActionType.CreateTimer: {
        // The library's action holds the Date it was given (in-process nothing turns it into JSON
        // text): Date.parse would read the Date's toString(), which drops the milliseconds.
        const fireAt = new Date(action.fireAt ?? Number.NaN).getTime();
        const long = d.schemaVersion >= 2 && fireAt - now > this.#maxShortMs;
        const timer: PendingTimer = long
          ? { timerId: id, fireAt: now + this.#longIntervalMs, finalFireAt: fireAt }
          : { timerId: id, fireAt };
        const created = this.#addTimer({ ...timer, actionIndex: index }, action.isCanceled === true);
        added.push(created);
        return;
      }
      case ActionType.CallEntity:
      case ActionType.SignalEntity: {
        const signal = action.actionType === ActionType.SignalEntity;
        const requestId = randomUUID();
        const target = action.instanceId ?? '';
        const request = {
          id: requestId,
          op: action.operation ?? '',
          signal,
          input: action.input === undefined ? null : JSON.stringify(action.input),
          parent: d.id,
          parentExecution: d.executionId,
        };
        added.push(
          historyEvent(EventType.EventSent, iso(now), {
            EventId: id,
            Name: request.op,
            InstanceId: target,
            Input: JSON.stringify(request),
          }),
        );
        this.#send({ msgId: randomUUID(), kind: 'entityRequest', to: target, request });
        return;
      }
      case ActionType.CallHttp: {
        added.push(
          historyEvent(EventType.TaskScheduled, iso(now), { EventId: id, Name: 'BuiltIn::HttpActivity' }),
        );
        d.inbox.push({
          kind: 'event',
          event: historyEvent(EventType.TaskFailed, iso(now), {
            TaskScheduledId: id,
            Reason: 'callHttp is not supported by the local durable host',
            Details: 'Call the endpoint from an activity instead.',
          }),
        });
        return;
      }
      default:
        this.#engine.host.log(
          'warn',
          `durable: ${d.id} returned unsupported action type ${action.actionType}`,
        );
    }
  }

  #scheduleActivity(id: number, name: string, input: unknown, now: number): HistoryEvent {
    const d = this.doc;
    const activity = { taskId: id, name, input };
    d.activities.push(activity);
    const executionId = d.executionId;
    this.#effects.push(() => this.#engine.dispatchActivity(d.id, executionId, activity));
    return historyEvent(EventType.TaskScheduled, iso(now), {
      EventId: id,
      Name: name,
      Input: input === undefined ? null : typeof input === 'string' ? input : JSON.stringify(input),
    });
  }

  #scheduleChild(
    id: number,
    name: string,
    explicitId: string | undefined,
    input: unknown,
    version: string | undefined,
    now: number,
  ): HistoryEvent {
    const d = this.doc;
    const childId = explicitId || `${d.executionId}:${id}`;
    d.children.push({ taskId: id, instanceId: childId });
    this.#send({
      msgId: randomUUID(),
      kind: 'startChild',
      to: childId,
      name,
      input,
      ...(version ? { version } : {}),
      parent: { instanceId: d.id, executionId: d.executionId, taskId: id, name: d.name },
    });
    return historyEvent(EventType.SubOrchestrationInstanceCreated, iso(now), {
      EventId: id,
      Name: name,
      InstanceId: childId,
      Input: input === undefined ? null : JSON.stringify(input),
    });
  }

  #scheduleAttempt(retry: RetryState, id: number, now: number, expired: boolean): HistoryEvent {
    const d = this.doc;
    if (expired) {
      // DTFx stops retrying once retryTimeout has passed; the JS task only counts attempts, so the
      // attempt it asks for fails at once with the last failure instead of running.
      const failure: FailurePayload = retry.lastFailure ?? { Reason: 'Retry timeout expired', Details: '' };
      const type =
        retry.kind === 'activity' ? EventType.TaskFailed : EventType.SubOrchestrationInstanceFailed;
      d.inbox.push({
        kind: 'event',
        event: historyEvent(type, iso(now), { TaskScheduledId: id, ...failure }),
      });
      d.retries = d.retries.filter((r) => r !== retry);
      return historyEvent(
        retry.kind === 'activity' ? EventType.TaskScheduled : EventType.SubOrchestrationInstanceCreated,
        iso(now),
        {
          EventId: id,
          Name: retry.name,
        },
      );
    }
    return retry.kind === 'activity'
      ? this.#scheduleActivity(id, retry.name, retry.input, now)
      : this.#scheduleChild(id, retry.name, retry.instanceId, retry.input, retry.version, now);
  }

  #addTimer(timer: PendingTimer, canceled = false): HistoryEvent {
    const d = this.doc;
    if (!canceled) {
      d.timers.push(timer);
      const executionId = d.executionId;
      this.#effects.push(() => this.#engine.armTimer(d.id, executionId, timer));
    }
    return historyEvent(EventType.TimerCreated, iso(this.#engine.host.clock.now()), {
      EventId: timer.timerId,
      FireAt: iso(timer.fireAt),
    });
  }

  #cancelTimer(actionIndex: number): void {
    const d = this.doc;
    for (const timer of d.timers.filter((t) => t.actionIndex === actionIndex)) {
      this.#engine.disarmTimer(d.id, timer.timerId);
    }
    d.timers = d.timers.filter((t) => t.actionIndex !== actionIndex);
  }

  #send(message: OutboxMessage): void {
    this.doc.outbox.push(message);
    this.#effects.push(() => this.#engine.route(message, this.doc.id));
  }

  #clearPending(): void {
    const d = this.doc;
    for (const timer of d.timers) this.#engine.disarmTimer(d.id, timer.timerId);
    d.timers = [];
    d.activities = [];
    d.retries = [];
  }

  #notifyParent(event: HistoryEvent): void {
    const parent = this.doc.parent;
    if (!parent) return;
    this.#send({
      msgId: randomUUID(),
      kind: 'event',
      to: parent.instanceId,
      toExecutionId: parent.executionId,
      event: { ...event, TaskScheduledId: parent.taskId },
      dedupKey: `sub:${parent.taskId}`,
    });
  }

  #complete(output: unknown, now: number): void {
    const d = this.doc;
    d.status = 'Completed';
    d.output = JSON.stringify(output ?? null);
    d.updatedAt = now;
    d.history.push(
      played(
        historyEvent(EventType.ExecutionCompleted, iso(now), {
          OrchestrationStatus: 'Completed',
          Result: d.output,
        }),
      ),
    );
    this.#clearPending();
    d.inbox = [];
    this.#notifyParent(
      historyEvent(EventType.SubOrchestrationInstanceCompleted, iso(now), { Result: d.output }),
    );
    this.#effects.push(() => this.#engine.onTerminal(d));
  }

  #fail(error: string, now: number): void {
    const d = this.doc;
    const reason = `Orchestrator function '${d.name}' failed: ${error}`;
    d.status = 'Failed';
    d.output = JSON.stringify(reason);
    d.updatedAt = now;
    d.history.push(
      played(
        historyEvent(EventType.ExecutionCompleted, iso(now), {
          OrchestrationStatus: 'Failed',
          Result: d.output,
          Reason: reason,
          Details: error,
        }),
      ),
    );
    this.#clearPending();
    d.inbox = [];
    this.#notifyParent(
      historyEvent(EventType.SubOrchestrationInstanceFailed, iso(now), { Reason: reason, Details: error }),
    );
    this.#effects.push(() => this.#engine.onTerminal(d));
  }

  #terminate(reason: string, now: number): void {
    const d = this.doc;
    if (this.isTerminal) return;
    d.status = 'Terminated';
    d.output = JSON.stringify(reason);
    d.updatedAt = now;
    d.history.push(
      played(historyEvent(EventType.ExecutionTerminated, iso(now), { Input: JSON.stringify(reason) })),
      played(
        historyEvent(EventType.ExecutionCompleted, iso(now), {
          OrchestrationStatus: 'Terminated',
          Result: d.output,
        }),
      ),
    );
    this.#clearPending();
    d.inbox = [];
    this.#notifyParent(
      historyEvent(EventType.SubOrchestrationInstanceFailed, iso(now), {
        Reason: `Orchestration '${d.id}' was terminated: ${reason}`,
        Details: reason,
      }),
    );
    this.#effects.push(() => this.#engine.onTerminal(d));
  }

  #continueAsNew(input: unknown, now: number): void {
    const d = this.doc;
    this.#clearPending();
    const value = decodeProcessedInput(input);
    d.input = value === undefined ? null : JSON.stringify(value);
    d.executionId = randomUUID();
    d.history = [];
    d.nextId = 0;
    d.actionCount = 0;
    d.children = [];
    d.status = 'Running';
    d.output = null;
    d.updatedAt = now;
    const started = historyEvent(EventType.ExecutionStarted, iso(now), {
      Name: d.name,
      Input: d.input,
      Version: d.version ?? '',
      OrchestrationInstance: { InstanceId: d.id, ExecutionId: d.executionId },
      ParentInstance: null,
    });
    // Messages not yet delivered go to the new execution (as queued messages do in Azure);
    // completions of the old execution's work no longer have anyone to complete.
    const carried = d.inbox.filter((i) => i.kind !== 'event' || i.event.EventType === EventType.EventRaised);
    d.inbox = [{ kind: 'event', event: started }, ...carried];
  }

  /** Replaces a finished instance by a new one with the same id (what Azure does on start). */
  restart(
    init: { name: string; input: string | null; version?: string; parent?: InstanceDoc['parent'] },
    ack: Ack,
  ): void {
    const fresh = InstanceActor.create(this.#engine, { instanceId: this.doc.id, ...init }, ack);
    this.doc = fresh.doc;
    this.#acks.push(ack);
    this.#dirty = true;
    this.pump();
  }

  async #flush(): Promise<boolean> {
    const effects = this.#effects;
    const acks = this.#acks;
    this.#effects = [];
    this.#acks = [];
    this.#dirty = false;
    // Marks this write, so that a retry that meets a conflict can tell its own earlier attempt (done
    // by the store, answer lost) from another writer: without it a lost answer made the start of a
    // new instance answer 409, and a raised event 500 although it was stored.
    const token = randomUUID();
    let uncertain = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const etag = this.etag;
        this.doc.writeToken = token;
        this.etag = await this.#engine.persist(this.doc, etag);
        break;
      } catch (err) {
        let failure: unknown = err;
        if (err instanceof StoreConflictError) {
          try {
            const landed = uncertain
              ? await this.#engine.store.etagIfWrittenBy(this.doc.id, token)
              : undefined;
            if (landed !== undefined) {
              this.etag = landed;
              break;
            }
            const retried = await this.#onConflict(err);
            if (retried) continue;
            const rejection = this.etag === undefined ? new DuplicateInstanceError(this.doc.id) : err;
            for (const ack of acks) ack.reject(rejection);
            this.#engine.reload(this.doc.id);
            return false;
          } catch (readErr) {
            // The read that would settle the conflict failed: write again (and meet it again) later,
            // instead of leaving the episode's change unwritten and its acknowledgements unanswered.
            failure = readErr;
          }
        } else uncertain = true;
        this.#engine.host.log(
          'warn',
          `durable: writing ${this.doc.id} failed (${String(failure)}); retrying`,
        );
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      }
    }
    for (const effect of effects) effect();
    for (const ack of acks) ack.resolve();
    return true;
  }

  /** A create that found a finished instance with the same id replaces it; anything else is a real conflict. */
  async #onConflict(err: StoreConflictError): Promise<boolean> {
    if (this.etag !== undefined || err.statusCode !== 409) return false;
    const existing = await this.#engine.store.read<InstanceDoc>(this.doc.id);
    if (
      !existing ||
      existing.kind !== 'orchestration' ||
      !TERMINAL_STATUSES.has(existing.status) ||
      !existing._etag
    ) {
      return false;
    }
    this.etag = existing._etag;
    return true;
  }
}

function played(event: HistoryEvent): HistoryEvent {
  event.IsPlayed = true;
  return event;
}

function newRetry(
  kind: RetryState['kind'],
  id: number,
  name: string,
  action: OrchestratorAction,
  now: number,
): RetryState {
  return {
    firstTaskId: id,
    kind,
    name,
    input: action.input,
    ...(action.instanceId ? { instanceId: action.instanceId } : {}),
    ...(action.version ? { version: action.version } : {}),
    options: action.retryOptions!,
    attempt: 1,
    firstAttemptAt: now,
    currentId: id,
    waitingOnTimer: false,
  };
}
