/**
 * The URLs the Durable extension hands out (BindingHelper / HttpApiHandler templates): the public
 * `/runtime/webhooks/durabletask/` API with `taskHub`, `connection` and `code` query parameters.
 */
export function webhookBase(origin: string): string {
  return `${origin}/runtime/webhooks/durabletask`;
}

export function managementUrls(
  origin: string,
  hub: string,
  key: string | undefined,
  instanceId: string,
): Record<string, string> {
  const base = `${webhookBase(origin)}/instances/${instanceId}`;
  const common = `taskHub=${encodeURIComponent(hub)}&connection=Storage${key ? `&code=${encodeURIComponent(key)}` : ''}`;
  return {
    id: instanceId,
    statusQueryGetUri: `${base}?${common}`,
    sendEventPostUri: `${base}/raiseEvent/{eventName}?${common}`,
    terminatePostUri: `${base}/terminate?reason={text}&${common}`,
    rewindPostUri: `${base}/rewind?reason={text}&${common}`,
    purgeHistoryDeleteUri: `${base}?${common}`,
    restartPostUri: `${base}/restart?${common}`,
    suspendPostUri: `${base}/suspend?reason={text}&${common}`,
    resumePostUri: `${base}/resume?reason={text}&${common}`,
  };
}

/** The `durableClient` input binding value (what the extension injects), read by `df.getClient`. */
export function durableClientInput(
  origin: string,
  hub: string,
  key: string | undefined,
): Record<string, unknown> {
  const code = key ? `code=${encodeURIComponent(key)}` : '';
  const base = webhookBase(origin);
  return {
    taskHubName: hub,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]${code ? `?${code}` : ''}`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}${code ? `&${code}` : ''}`,
    },
    managementUrls: managementUrls(origin, hub, key, 'INSTANCEID'),
    baseUrl: base,
    requiredQueryStringParameters: code,
    rpcBaseUrl: `${origin}/durabletask/`,
  };
}
