import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { getConfig } from '../app/config';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { withErrorHandling } from '../app/http/withErrorHandling';
import { deliverCertificationResult } from '../app/publishing/deliverCertificationResult';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { certificationCallbackSchema } from '../domain/certification/certificationResult';
import { verifyWebhook } from '../domain/certification/webhookSignature';
import { parseWith } from '../domain/offer/parseWith';
import { isPossibleResourceId } from '../domain/resourceId';
import { appLog } from '../app/telemetry/log';

/**
 * POST /api/certification/callback: the certification service's result, signed as the Standard
 * Webhooks specification describes (checked on the raw bytes against every configured secret,
 * 5-minute tolerance). Forged, stale or malformed deliveries get 401/400 and change nothing.
 * An accepted callback is written to the Cosmos DB inbox (keyed by webhook-id, so a duplicate
 * delivery is acknowledged and changes nothing) before the orchestration is told; a callback
 * for an unknown or finished submission is acknowledged and recorded.
 */
export async function certificationCallback(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const secrets = getConfig().CERTIFICATION_WEBHOOK_SECRETS;
  if (!secrets) throw new AppError('webhookUnauthenticated', 'No webhook secret is configured; every delivery is refused.');
  const body = Buffer.from(await request.arrayBuffer());
  const verification = verifyWebhook(
    {
      'webhook-id': request.headers.get('webhook-id'),
      'webhook-timestamp': request.headers.get('webhook-timestamp'),
      'webhook-signature': request.headers.get('webhook-signature'),
    },
    body,
    secrets,
    Date.now() / 1000,
  );
  if (!verification.ok) {
    appLog(context).warn(`certification callback refused: ${verification.reason}`);
    throw new AppError(verification.status === 400 ? 'webhookMalformed' : 'webhookUnauthenticated', `The delivery was refused (${verification.reason}).`);
  }
  // The webhook-id keys the inbox document (duplicates are found by it): it must be able to be an id.
  if (!isPossibleResourceId(verification.id)) {
    throw new AppError('webhookMalformed', 'The webhook-id header cannot identify a delivery.', [
      { pointer: '', code: 'invalidWebhookId', message: 'webhook-id must be 1-255 bytes without /, \\, ? or #' },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('webhookMalformed', 'The delivery body is not JSON.');
  }
  const parsed = parseWith(certificationCallbackSchema, json);
  if (!parsed.ok) throw new AppError('webhookMalformed', 'The delivery body is not a certification result.', parsed.issues);

  const services = await getPublishingServices();
  const entry = {
    webhookId: verification.id,
    submissionId: parsed.value.data.submissionId,
    receivedAt: new Date().toISOString(),
    callback: parsed.value,
  };
  if ((await services.inbox.record(entry)) === 'duplicate') {
    return jsonResponse(200, { received: true, duplicate: true });
  }
  const outcome = await deliverCertificationResult(services, df.getClient(context), entry);
  return jsonResponse(200, { received: true, outcome });
}

app.http('certificationCallback', {
  route: 'certification/callback',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withErrorHandling(certificationCallback),
});
