import { EmailClient } from '@azure/communication-email';
import { getConfig, type Config } from '../../app/config';
import { azureCredential } from '../identity/azureCredential';
import { allowsInsecureConnection } from '../identity/insecureLocalEndpoint';

let client: EmailClient | undefined;

/**
 * The process's Azure Communication Services e-mail client, created on first use: the access-key
 * connection string when EMAIL_CONNECTION_STRING is set (the local inbox), the managed identity
 * on EMAIL_ENDPOINT otherwise (Azure). Plain HTTP only for a loopback endpoint with
 * ALLOW_INSECURE_LOCAL_ENDPOINTS on.
 *
 * Callers pass `operationId` (a stable idempotency key) to `beginSend`, so a retried activity
 * does not send the same message twice.
 */
export function emailClient(): EmailClient {
  client ??= createEmailClient(getConfig());
  return client;
}

export function createEmailClient(config: Config): EmailClient {
  if (config.EMAIL_CONNECTION_STRING) {
    return new EmailClient(config.EMAIL_CONNECTION_STRING, {
      allowInsecureConnection: allowsInsecureConnection(config, config.EMAIL_ENDPOINT),
    });
  }
  return new EmailClient(config.EMAIL_ENDPOINT, azureCredential(config));
}
