import type { InstanceDoc } from './documents';
import { toStatusHistoryEvent } from './historyEvents';
import type { InstanceSummary } from './hubStore';

/** `ToString("s") + "Z"` as the extension formats status dates: no milliseconds. */
export function statusDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parsed(json: string | null): unknown {
  return json === null ? null : (JSON.parse(json) as unknown);
}

export interface StatusOptions {
  showInput: boolean;
  showHistory: boolean;
  showHistoryOutput: boolean;
}

/**
 * The extension's StatusResponsePayload. `input` and `output` are always present (the JS
 * DurableOrchestrationStatus constructor throws without them), `null` when there is none.
 */
export function statusPayload(
  doc: InstanceDoc | InstanceSummary,
  options: StatusOptions,
): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    name: doc.name,
    instanceId: doc.id,
    runtimeStatus: doc.status,
    input: options.showInput ? parsed(doc.input) : null,
    customStatus: parsed(doc.customStatus),
    output: parsed(doc.output),
    createdTime: statusDate(doc.createdAt),
    lastUpdatedTime: statusDate(doc.updatedAt),
  };
  if (options.showHistory && 'history' in doc) {
    payload['historyEvents'] = doc.history.map((e) => toStatusHistoryEvent(e, options.showHistoryOutput));
  }
  return payload;
}
