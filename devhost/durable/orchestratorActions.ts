import type { RetryOptionsJson } from './documents';

/** `ActionType` of durable-functions (`lib/src/actions/ActionType.js`). */
export enum ActionType {
  CallActivity = 0,
  CallActivityWithRetry = 1,
  CallSubOrchestrator = 2,
  CallSubOrchestratorWithRetry = 3,
  ContinueAsNew = 4,
  CreateTimer = 5,
  WaitForExternalEvent = 6,
  CallEntity = 7,
  CallHttp = 8,
  SignalEntity = 9,
  CallEntityScheduled = 10,
  WhenAny = 11,
  WhenAll = 12,
  LockEntities = 13,
  ReleaseEntities = 14,
}

export interface OrchestratorAction {
  actionType: ActionType;
  functionName?: string;
  input?: unknown;
  retryOptions?: RetryOptionsJson;
  instanceId?: string;
  version?: string;
  /** A Date as the library built it; ISO text once the state has been through JSON. */
  fireAt?: Date | string;
  isCanceled?: boolean;
  externalEventName?: string;
  operation?: string;
  compoundActions?: OrchestratorAction[];
}

/** What the orchestrator function returns (`OrchestratorState`). */
export interface OrchestratorState {
  isDone: boolean;
  actions: OrchestratorAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  schemaVersion?: number;
}

/**
 * The returned actions in the order the library allocated their sequence numbers: V1 already lists
 * one inner array per yielded task (compound tasks flattened); V2+ nests compound actions, which
 * are walked depth-first (the order `trackOpenTask` numbers their children).
 */
export function flattenActions(actions: OrchestratorAction[][]): OrchestratorAction[] {
  const flat: OrchestratorAction[] = [];
  const walk = (action: OrchestratorAction): void => {
    if (action.actionType === ActionType.WhenAll || action.actionType === ActionType.WhenAny) {
      for (const child of action.compoundActions ?? []) walk(child);
    } else {
      flat.push(action);
    }
  };
  for (const group of actions) for (const action of group) walk(action);
  return flat;
}

/** Whether the library consumed a sequence number for this action. */
export function consumesId(action: OrchestratorAction): boolean {
  return (
    action.actionType !== ActionType.WaitForExternalEvent && action.actionType !== ActionType.ContinueAsNew
  );
}

const OUT_OF_PROC_LABEL = '$OutOfProcData$:';

/**
 * An orchestrator that throws rejects with `OrchestrationFailureError`, whose message carries the
 * state after a label (`"<msg>\n\n$OutOfProcData$:<json>"`). Returns that state, or a state built
 * from the plain error when the label is missing (a framework error before the executor ran).
 */
export function stateFromFailure(err: unknown): OrchestratorState {
  const message = err instanceof Error ? err.message : String(err);
  const at = message.indexOf(OUT_OF_PROC_LABEL);
  if (at >= 0) {
    try {
      const parsed = JSON.parse(message.slice(at + OUT_OF_PROC_LABEL.length)) as OrchestratorState;
      return { ...parsed, isDone: false, error: parsed.error ?? message.slice(0, at).trim() };
    } catch {
      // fall through to the plain message
    }
  }
  return { isDone: false, actions: [[]], error: message };
}

/** DTFx RetryInterceptor: delay before the retry that follows failed attempt `attempt` (1-based). */
export function retryDelayMs(options: RetryOptionsJson, attempt: number): number {
  const coefficient = options.backoffCoefficient ?? 1;
  const delay = options.firstRetryIntervalInMilliseconds * Math.pow(coefficient, attempt - 1);
  const max = options.maxRetryIntervalInMilliseconds;
  return Math.max(0, max !== undefined && max > 0 ? Math.min(delay, max) : delay);
}

/** The library's `processInput` JSON-encodes strings; the host decodes that once where it passes values on. */
export function decodeProcessedInput(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return input;
  }
}
