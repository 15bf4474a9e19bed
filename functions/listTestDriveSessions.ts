import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { jsonResponse } from '../app/http/jsonResponse';
import { readPageRequest } from '../app/http/readPageRequest';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { publisherListing, publisherSessionView } from '../app/testdrive/publisherTestDrive';

/**
 * GET /api/offers/{offerId}/test-drive/sessions[?pageSize=&continuationToken=]: the offer's
 * sessions that have not ended (provisioning, active, ending), oldest first, with status, the
 * customer's e-mail and startedAt / endsAt; never access details or secrets.
 */
export async function listTestDriveSessions(
  request: HttpRequest,
  publisher: Publisher,
): Promise<HttpResponseInit> {
  const listingId = await publisherListing(publisher, request.params.offerId ?? '');
  const page = readPageRequest(request);
  const { sessions } = await getTestDriveServices();
  const result = await sessions.listActivePage(listingId, {
    pageSize: page.pageSize,
    ...(page.continuationToken
      ? { continuationToken: Buffer.from(page.continuationToken, 'base64url').toString('utf8') }
      : {}),
  });
  return jsonResponse(200, {
    items: result.items.map(publisherSessionView),
    ...(result.continuationToken
      ? { continuationToken: Buffer.from(result.continuationToken, 'utf8').toString('base64url') }
      : {}),
  });
}

app.http('listTestDriveSessions', {
  route: 'offers/{offerId}/test-drive/sessions',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(listTestDriveSessions),
});
