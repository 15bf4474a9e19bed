/**
 * DTFx history events as the out-of-process protocol carries them to `durable-functions`: PascalCase
 * fields, `EventType` as a number, completions pointing at the `EventId` (sequence number) of the
 * event that scheduled them. Only the fields the library reads or a status view shows are kept.
 */
export enum EventType {
  ExecutionStarted = 0,
  ExecutionCompleted = 1,
  ExecutionFailed = 2,
  ExecutionTerminated = 3,
  TaskScheduled = 4,
  TaskCompleted = 5,
  TaskFailed = 6,
  SubOrchestrationInstanceCreated = 7,
  SubOrchestrationInstanceCompleted = 8,
  SubOrchestrationInstanceFailed = 9,
  TimerCreated = 10,
  TimerFired = 11,
  OrchestratorStarted = 12,
  OrchestratorCompleted = 13,
  EventSent = 14,
  EventRaised = 15,
  ContinueAsNew = 16,
  GenericEvent = 17,
  HistoryState = 18,
  ExecutionSuspended = 19,
  ExecutionResumed = 20,
}

export interface HistoryEvent {
  EventType: EventType;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  Name?: string;
  Input?: string | null;
  Result?: string | null;
  Reason?: string;
  Details?: string;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
  Version?: string;
  OrchestrationStatus?: string;
  ParentInstance?: {
    Name: string;
    OrchestrationInstance: { InstanceId: string; ExecutionId: string };
    TaskScheduleId: number;
  } | null;
  OrchestrationInstance?: { InstanceId: string; ExecutionId: string };
}

/** Completion events the orchestrator consumes (the ones an episode delivers). */
export type CompletionEventType =
  | EventType.TaskCompleted
  | EventType.TaskFailed
  | EventType.SubOrchestrationInstanceCompleted
  | EventType.SubOrchestrationInstanceFailed
  | EventType.TimerFired
  | EventType.EventRaised;

export function historyEvent(
  type: EventType,
  timestamp: string,
  fields: Partial<HistoryEvent> = {},
): HistoryEvent {
  return { EventType: type, EventId: -1, IsPlayed: false, Timestamp: timestamp, ...fields };
}

/** The status view (`showHistory=true`) names event types, unlike the trigger input. */
export function toStatusHistoryEvent(event: HistoryEvent, showOutput: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = { ...event, EventType: EventType[event.EventType] };
  delete view['IsPlayed'];
  if (!showOutput) {
    delete view['Result'];
    delete view['Input'];
  }
  return view;
}
