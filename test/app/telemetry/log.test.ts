import { InvocationContext, PostInvocationContext, PreInvocationContext } from '@azure/functions';
import { SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { onPostInvocation, onPreInvocation } from '../../../app/telemetry/invocationHooks';
import { appLog } from '../../../app/telemetry/log';
import { createRedactor } from '../../../app/telemetry/redact';

type Line = { level: string; text: string };

function invocation(trigger: string, triggerMetadata: Record<string, unknown> = {}) {
  const lines: Line[] = [];
  const context = new InvocationContext({
    invocationId: 'inv-1',
    functionName: 'fn',
    triggerMetadata,
    traceContext: {
      traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      traceState: '',
      attributes: {},
    },
    options: { trigger: { type: trigger, name: 'in' } },
    logHandler: (level, ...args) => lines.push({ level, text: args.map(String).join(' ') }),
  });
  return { context, lines, json: () => lines.map((l) => JSON.parse(l.text) as Record<string, unknown>) };
}

const redact = createRedactor(['configured-key-0123456789']);

describe('appLog', () => {
  it('When a line is written, then it is one JSON object with the invocation and the ids', () => {
    const { context, lines, json } = invocation('httpTrigger');
    appLog(context, { offerId: 'o-1' }, redact).with({ submissionId: 's-1' }).warn('late', { step: 'x' });

    expect(lines.map((l) => l.level)).toEqual(['warning']);
    expect(json()).toEqual([
      {
        level: 'warn',
        msg: 'late',
        invocationId: 'inv-1',
        functionName: 'fn',
        offerId: 'o-1',
        submissionId: 's-1',
        step: 'x',
      },
    ]);
  });

  it('When the caller passes secrets in the message or fields, then none reaches the log', () => {
    const { context, lines } = invocation('httpTrigger');
    appLog(context, {}, redact).error(
      'call failed: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig configured-key-0123456789',
      {
        url: 'https://a.blob.core.windows.net/c/b?sv=1&sig=SIGVALUE123',
        headers: { authorization: 'Bearer tok-1234567890' },
        connection: 'endpoint=https://x/;accesskey=QUNTS0VZ',
        clientSecret: 'client-secret-value',
        webhook: 'whsec_c2VjcmV0c2VjcmV0',
      },
    );
    const text = lines.map((l) => l.text).join('\n');
    for (const secret of [
      'eyJhbGci',
      'configured-key-0123456789',
      'SIGVALUE123',
      'tok-1234567890',
      'QUNTS0VZ',
      'client-secret-value',
      'whsec_',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('invocation hooks', () => {
  it('When an HTTP invocation starts, then the route ids are on every line its log writes', async () => {
    const { context, json } = invocation('httpTrigger');
    const pre = new PreInvocationContext({
      invocationContext: context,
      inputs: [{ params: { offerId: 'o-2', submissionId: 's-2', other: 'x' } }, context],
      functionCallback: () => appLog(context, {}, redact).info('handled'),
    });
    onPreInvocation(pre, undefined);
    await pre.functionHandler(pre.inputs[0], context);

    expect(json()).toEqual([
      expect.objectContaining({ msg: 'handled', offerId: 'o-2', submissionId: 's-2' }),
    ]);
    expect(json()[0]).not.toHaveProperty('other');
  });

  it('When an activity runs, then its input ids and the instance id are logged with its outcome, and its error loses secrets', () => {
    const { context, json } = invocation('activityTrigger', { instanceId: 'i-3' });
    const pre = new PreInvocationContext({
      invocationContext: context,
      inputs: [{ offerId: 'o-3', sessionId: 'ts-3' }],
    });
    onPreInvocation(pre, undefined);
    const error = new Error('provision failed: client_secret=abcdef123456 rejected');
    onPostInvocation(
      new PostInvocationContext({
        invocationContext: context,
        inputs: pre.inputs,
        error,
        hookData: pre.hookData,
      }),
      redact,
    );

    expect(error.message).not.toContain('abcdef123456');
    expect(json()).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'activity failed',
        offerId: 'o-3',
        sessionId: 'ts-3',
        instanceId: 'i-3',
        functionName: 'fn',
      }),
    ]);
    expect(JSON.stringify(json())).not.toContain('abcdef123456');
  });

  it('When telemetry is on, then each invocation is a span in the host trace with the ids, failed when the handler throws', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const { context } = invocation('activityTrigger', { instanceId: 'i-4' });
    const pre = new PreInvocationContext({
      invocationContext: context,
      inputs: [{ submissionId: 's-4' }],
      functionCallback: () => Promise.reject(new Error('boom')),
    });
    onPreInvocation(pre, provider.getTracer('test'));
    await expect(pre.functionHandler(pre.inputs[0], context)).rejects.toThrow('boom');

    const [span, ...rest] = exporter.getFinishedSpans();
    expect(rest).toEqual([]);
    expect(span?.name).toBe('fn');
    expect(span?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(span?.attributes).toMatchObject({
      'marketplace.submissionId': 's-4',
      'marketplace.instanceId': 'i-4',
      'faas.invocation_id': 'inv-1',
    });
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('When an orchestrator replays, then it gets no span', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const { context } = invocation('orchestrationTrigger', { instanceId: 'i-5' });
    const handler = () => 'done';
    const pre = new PreInvocationContext({
      invocationContext: context,
      inputs: [{}],
      functionCallback: handler,
    });
    onPreInvocation(pre, provider.getTracer('test'));
    expect(pre.functionHandler).toBe(handler);
  });
});
