import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getOfferStore } from '../app/authoring/getOfferStore';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { getConfig } from '../app/config';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { leadManagementOf } from '../app/leads/leadSinkFor';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { leadSigningSecret } from '../domain/leads/leadSigningSecret';

/**
 * GET /api/offers/{offerId}/leads/signing-secret: the Standard Webhooks secret with which leads
 * to the offer's HTTPS endpoint are signed, for the publisher's receiver to verify
 * `webhook-signature`. Only the offer's own account gets it (404 otherwise), never cached; it is
 * derived from the endpoint URL stored now, so it changes with the URL. `409
 * leadDestinationMissing` unless the destination is an HTTPS endpoint with its URL stored.
 */
export async function getLeadSigningSecret(
  request: HttpRequest,
  publisher: Publisher,
): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const store = await getOfferStore();
  const draft = await getOfferDraft(store, publisher, offerId);
  const { destination } = leadManagementOf(draft.sections.get('setup')?.value ?? {});
  const secrets =
    destination === 'httpsEndpoint'
      ? await store.revealSectionSecrets(publisher.accountId, offerId, 'setup')
      : {};
  const httpsEndpointUrl = secrets['/leadManagement/connection/httpsEndpointUrl'];
  if (!httpsEndpointUrl)
    throw new AppError(
      'leadDestinationMissing',
      'Leads are signed for an HTTPS endpoint destination only, once its URL is stored.',
    );
  const signingSecret = leadSigningSecret(Buffer.from(getConfig().SECRETS_ENCRYPTION_KEY, 'base64'), {
    accountId: publisher.accountId,
    offerId,
    httpsEndpointUrl,
  });
  return jsonResponse(200, { destination, scheme: 'standard-webhooks-v1', signingSecret });
}

app.http('getLeadSigningSecret', {
  route: 'offers/{offerId}/leads/signing-secret',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(getLeadSigningSecret),
});
