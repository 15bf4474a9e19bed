import type { InvocationContext } from '@azure/functions';
import { trace } from '@opentelemetry/api';
import { getConfig } from '../config';
import { configuredSecrets } from './configuredSecrets';
import { idsOf, type LogIds } from './invocationIds';
import { createRedactor, type Redactor } from './redact';

export type LogLevel = 'info' | 'warn' | 'error';

/** Structured, redacted logging for one invocation. */
export interface AppLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** The same log with more ids on every line (e.g. once a handler has parsed its input). */
  with(ids: LogIds): AppLog;
}

let redactor: Redactor | undefined;

/** The configured secret values are removed from every line; without a valid configuration, patterns still apply. */
function processRedactor(): Redactor {
  if (redactor) return redactor;
  let secrets: string[] = [];
  try {
    secrets = configuredSecrets(getConfig());
  } catch {
    // Configuration errors surface where the configuration is used; logging must still work.
  }
  redactor = createRedactor(secrets);
  return redactor;
}

/**
 * One JSON object per line, written through the invocation's own log methods (so the Functions
 * host tags it with the invocation and, in Azure, sends it to Application Insights as a trace):
 * `{"level","msg","invocationId","functionName","offerId","submissionId","sessionId","instanceId",...fields}`.
 * Ids come from the invocation (route parameters, activity input, orchestration instance id,
 * recorded by the preInvocation hook) and from `with()`. Message and fields pass the redactor,
 * whatever the caller put in them.
 */
export function appLog(
  context: InvocationContext,
  ids: LogIds = {},
  redact: Redactor = processRedactor(),
): AppLog {
  const write = (level: LogLevel, message: string, fields: Record<string, unknown> = {}): void => {
    const known = { ...idsOf(context), ...ids };
    const line = {
      level,
      msg: redact.text(message),
      invocationId: context.invocationId,
      functionName: context.functionName,
      ...known,
      ...(redact.value(fields) as Record<string, unknown>),
    };
    // Ids on the active span too, so traces and logs can be joined on them in App Insights.
    trace.getActiveSpan()?.setAttributes(spanAttributes(known));
    const text = JSON.stringify(line);
    if (level === 'error') context.error(text);
    else if (level === 'warn') context.warn(text);
    else context.log(text);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    with: (more) => appLog(context, { ...ids, ...more }, redact),
  };
}

/** Span attribute names for the ids (custom dimensions in Application Insights). */
export function spanAttributes(ids: LogIds): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ids)) if (typeof v === 'string') out[`marketplace.${k}`] = v;
  return out;
}
