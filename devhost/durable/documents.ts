import type { HistoryEvent } from './historyEvents';

/**
 * The task hub's documents. One document per orchestration instance and one per entity hold
 * everything the engine needs to resume after a crash: the history of the current execution,
 * the work it has scheduled but not seen complete (activities, timers), the messages it accepted
 * but has not applied (inbox) and the messages it owes other instances (outbox). An episode
 * changes the document in memory and its effects (running activities, arming timers, sending
 * messages) are released only after the document is written, so the store is the log.
 */

export type RuntimeStatus =
  'Pending' | 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Canceled' | 'Terminated' | 'Suspended';

export const TERMINAL_STATUSES: ReadonlySet<RuntimeStatus> = new Set([
  'Completed',
  'Failed',
  'Terminated',
  'Canceled',
]);

export interface RetryOptionsJson {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

/** A retried activity or sub-orchestration: DTFx RetryInterceptor state the JS RetryableTask mirrors. */
export interface RetryState {
  /** Sequence number of the first attempt (identifies the retryable task). */
  firstTaskId: number;
  kind: 'activity' | 'subOrchestration';
  name: string;
  input: unknown;
  instanceId?: string;
  version?: string;
  options: RetryOptionsJson;
  /** 1-based number of the attempt that is running or last failed. */
  attempt: number;
  firstAttemptAt: number;
  /** Sequence number of the attempt in flight, or of the retry timer being waited on. */
  currentId: number;
  waitingOnTimer: boolean;
  lastFailure?: FailurePayload;
}

export interface FailurePayload {
  Reason: string;
  Details: string;
}

export interface PendingActivity {
  taskId: number;
  name: string;
  /** The action's input as the library emitted it (strings already JSON-encoded by processInput). */
  input: unknown;
}

export interface PendingTimer {
  timerId: number;
  fireAt: number;
  /** Final fire time of a long timer this slice belongs to (the library splits long timers itself). */
  finalFireAt?: number;
  /** Set when this timer is a retry delay of the retryable task with that first id. */
  retryOf?: number;
  /** Index of the user's CreateTimer action (to disarm it when the orchestrator cancels the timer). */
  actionIndex?: number;
}

/** A message one document owes another: kept until the receiver has written it, then dropped. */
export type OutboxMessage =
  | {
      msgId: string;
      kind: 'startChild';
      to: string;
      name: string;
      input: unknown;
      version?: string;
      parent: ParentRef;
    }
  | {
      msgId: string;
      kind: 'event';
      to: string;
      toExecutionId?: string;
      event: HistoryEvent;
      dedupKey: string;
    }
  | { msgId: string; kind: 'entityRequest'; to: string; request: EntityRequest };

export interface ParentRef {
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
}

/** Something accepted for an instance and not yet in its history. */
export type InboxItem =
  | {
      kind: 'event';
      event: HistoryEvent;
      dedupKey?: string;
      toExecutionId?: string;
      /** For a fired slice of a long timer: the timer's final fire time and its action index. */
      finalFireAt?: number;
      actionIndex?: number;
    }
  | { kind: 'terminate'; reason: string }
  | { kind: 'suspend'; reason: string }
  | { kind: 'resume'; reason: string };

export interface InstanceDoc {
  id: string;
  kind: 'orchestration';
  name: string;
  version?: string;
  executionId: string;
  status: RuntimeStatus;
  /** Orchestration input as a JSON string (`null` when none). */
  input: string | null;
  output: string | null;
  customStatus: string | null;
  createdAt: number;
  updatedAt: number;
  parent?: ParentRef;
  history: HistoryEvent[];
  /** Next sequence number (the library's per-execution task id counter). */
  nextId: number;
  /** Number of (flattened) actions of this execution already applied. */
  actionCount: number;
  schemaVersion: number;
  activities: PendingActivity[];
  timers: PendingTimer[];
  retries: RetryState[];
  /** Child instance ids per sequence number, so a terminated child can be reported. */
  children: { taskId: number; instanceId: string }[];
  inbox: InboxItem[];
  outbox: OutboxMessage[];
  /** Set anew by each write (see `HubStore.etagIfWrittenBy`): tells a retry that its earlier attempt was done. */
  writeToken?: string;
  _etag?: string;
}

export interface EntityRequest {
  /** Request id (the orchestrator's EventSent carries it; responses are named by it). */
  id: string;
  op: string;
  /** Operation input as a JSON string, or null. */
  input: string | null;
  signal: boolean;
  parent?: string;
  parentExecution?: string;
}

export interface EntityDoc {
  id: string;
  kind: 'entity';
  name: string;
  key: string;
  exists: boolean;
  /** Entity state as a JSON string. */
  state: string | null;
  queue: EntityRequest[];
  /** Recently processed request ids, so a redelivered request is not applied twice. */
  recent: string[];
  outbox: OutboxMessage[];
  updatedAt: number;
  /** As InstanceDoc.writeToken. */
  writeToken?: string;
  _etag?: string;
}

export type HubDoc = InstanceDoc | EntityDoc;
