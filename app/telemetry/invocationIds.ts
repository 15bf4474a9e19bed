import type { InvocationContext } from '@azure/functions';

/** The business ids a log line and a trace span carry when they are known. */
export interface LogIds {
  offerId?: string;
  submissionId?: string;
  sessionId?: string;
  leadId?: string;
  /** Durable orchestration instance id (orchestrations and their activities). */
  instanceId?: string;
}

const idNames = ['offerId', 'submissionId', 'sessionId', 'leadId', 'instanceId'] as const;

/** Ids recorded for each running invocation by the preInvocation hook (app/telemetry/invocationHooks.ts). */
const byInvocation = new WeakMap<InvocationContext, LogIds>();

export function rememberIds(context: InvocationContext, ids: LogIds): void {
  byInvocation.set(context, { ...byInvocation.get(context), ...ids });
}

export function idsOf(context: InvocationContext): LogIds {
  return byInvocation.get(context) ?? {};
}

/** The known id fields of any object (route params, an activity input), ignoring everything else. */
export function pickIds(source: unknown): LogIds {
  if (source === null || typeof source !== 'object') return {};
  const out: LogIds = {};
  for (const name of idNames) {
    const v = (source as Record<string, unknown>)[name];
    if (typeof v === 'string' && v.length > 0 && v.length <= 200) out[name] = v;
  }
  return out;
}

/**
 * Ids an invocation reveals by itself: HTTP route parameters ({offerId}, {submissionId},
 * {sessionId}, {leadId}), the input of an activity (the pipeline passes ids only), and the
 * orchestration instance id the durable extension puts in the trigger metadata.
 */
export function idsFromInvocation(context: InvocationContext, args: readonly unknown[]): LogIds {
  const trigger = context.options.trigger.type;
  const first = args[0];
  const fromInput =
    trigger === 'httpTrigger'
      ? pickIds((first as { params?: unknown } | undefined)?.params)
      : trigger === 'activityTrigger'
        ? pickIds(first)
        : {};
  const instanceId = context.triggerMetadata?.instanceId;
  return { ...fromInput, ...(typeof instanceId === 'string' && instanceId ? { instanceId } : {}) };
}
