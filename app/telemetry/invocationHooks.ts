import type { FunctionHandler, PostInvocationContext, PreInvocationContext } from '@azure/functions';
import {
  context as otelContext,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Tracer,
} from '@opentelemetry/api';
import { idsFromInvocation, rememberIds } from './invocationIds';
import { appLog, spanAttributes } from './log';
import { createRedactor, type Redactor } from './redact';

const startedAt = 'marketplace.startedAt';

/** W3C traceparent of the host's own request telemetry, so worker spans join the host's trace. */
export function parentFromTraceparent(traceparent: string | null | undefined): Context {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(traceparent ?? '');
  if (!m?.[1] || !m[2] || !m[3]) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: m[1],
    spanId: m[2],
    traceFlags: parseInt(m[3], 16),
    isRemote: true,
  });
}

/**
 * Before each invocation: records its ids (route parameters, activity input, orchestration
 * instance id) for the structured log, and, when telemetry is on, runs the handler inside a span
 * named after the function, child of the host's trace, with the ids as attributes. Orchestrator
 * invocations get no span: they replay, and a span per replay would only mislead.
 */
export function onPreInvocation(pre: PreInvocationContext, tracer: Tracer | undefined): void {
  const ctx = pre.invocationContext;
  const ids = idsFromInvocation(ctx, pre.inputs);
  rememberIds(ctx, ids);
  pre.hookData[startedAt] = Date.now();
  if (!tracer || ctx.options.trigger.type === 'orchestrationTrigger') return;

  const handler: FunctionHandler = pre.functionHandler;
  const parent = parentFromTraceparent(ctx.traceContext?.traceParent);
  pre.functionHandler = (...args: Parameters<FunctionHandler>): Promise<unknown> =>
    tracer.startActiveSpan(
      ctx.functionName,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'faas.invocation_id': ctx.invocationId,
          'faas.trigger': ctx.options.trigger.type,
          ...spanAttributes(ids),
        },
      },
      parent,
      async (span) => {
        try {
          return await otelContext.with(
            trace.setSpan(otelContext.active(), span),
            (): unknown => handler(...args) as unknown,
          );
        } catch (err) {
          span.recordException(err instanceof Error ? err : String(err));
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw err;
        } finally {
          span.end();
        }
      },
    );
}

const patternsOnly = createRedactor();

/**
 * After each invocation: an error on its way to the host (which logs it, and for activities hands
 * its message to the orchestration) loses any secret it quotes; an activity logs one structured
 * line with its outcome, so every pipeline step shows up with its offer, submission, session and
 * instance ids even where the activity itself logs nothing.
 */
export function onPostInvocation(post: PostInvocationContext, redact: Redactor = patternsOnly): void {
  const ctx = post.invocationContext;
  const error = post.error;
  if (error instanceof Error) {
    error.message = redact.text(error.message);
    if (error.stack) error.stack = redact.text(error.stack);
  }
  if (ctx.options.trigger.type !== 'activityTrigger') return;
  const started = post.hookData[startedAt];
  const durationMs = typeof started === 'number' ? Date.now() - started : undefined;
  const log = appLog(ctx);
  if (error === undefined || error === null) log.info('activity completed', { durationMs });
  else log.error('activity failed', { durationMs, error });
}
