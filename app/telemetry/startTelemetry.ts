import { trace, type Tracer } from '@opentelemetry/api';
import type { Config } from '../config';

export const TRACER_NAME = 'marketplace-publishing';

/**
 * Starts OpenTelemetry with the Azure Monitor distro when APPLICATIONINSIGHTS_CONNECTION_STRING is
 * set (in Azure), and does nothing otherwise (locally, in tests): no exporter, no instrumentation,
 * and the distro is not even loaded. The exporter signs in with the user-assigned identity, since
 * the Application Insights component has local (key) authentication off. Returns the tracer for
 * the invocation spans, or undefined when telemetry is off.
 */
export function startTelemetry(
  settings: Pick<Config, 'APPLICATIONINSIGHTS_CONNECTION_STRING' | 'AZURE_CLIENT_ID'>,
): Tracer | undefined {
  const connectionString = settings.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (!connectionString) return undefined;
  // Loaded here, not at the top: it patches modules as it loads and costs start time locally.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { useAzureMonitor } =
    require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  const { ManagedIdentityCredential } = require('@azure/identity') as typeof import('@azure/identity');
  /* eslint-enable @typescript-eslint/no-require-imports */
  useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString,
      ...(settings.AZURE_CLIENT_ID
        ? { credential: new ManagedIdentityCredential({ clientId: settings.AZURE_CLIENT_ID }) }
        : {}),
    },
    instrumentationOptions: {
      http: { enabled: true },
      azureSdk: { enabled: true },
      // Logs reach Application Insights through the Functions host already (context.log).
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  });
  return trace.getTracer(TRACER_NAME);
}
