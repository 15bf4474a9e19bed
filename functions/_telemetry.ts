import { app } from '@azure/functions';
import { telemetrySettings } from '../app/config';
import { onPostInvocation, onPreInvocation } from '../app/telemetry/invocationHooks';
import { startTelemetry } from '../app/telemetry/startTelemetry';

/**
 * Not a trigger: the app's telemetry set-up. It lives here because package.json `main` loads
 * dist/functions/*.js, and the leading underscore makes it load first, so OpenTelemetry (on only
 * when APPLICATIONINSIGHTS_CONNECTION_STRING is set) instruments the SDKs the triggers load after it.
 * The hooks run locally too: they give every log line its ids and strip secrets from errors.
 */
const tracer = startTelemetry(telemetrySettings());

app.hook.preInvocation((pre) => onPreInvocation(pre, tracer));
app.hook.postInvocation((post) => onPostInvocation(post));
