import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { jsonResponse } from '../app/http/jsonResponse';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { overridesView, publishedTestDrive } from '../app/testdrive/publisherTestDrive';

/**
 * GET /api/offers/{offerId}/test-drive/overrides: the capacity of the published test drive (live,
 * else preview) as published, the publisher's overrides and the effective values new sessions get,
 * with the ETag to send as If-Match when changing them. 409 testDriveUnavailable without one.
 */
export async function getTestDriveOverrides(
  request: HttpRequest,
  publisher: Publisher,
): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const published = await publishedTestDrive(publisher, offerId);
  const stored = await (await getTestDriveServices()).overrides.get(published.listingId);
  return jsonResponse(200, overridesView(offerId, published, stored), { etag: stored.etag });
}

app.http('getTestDriveOverrides', {
  route: 'offers/{offerId}/test-drive/overrides',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(getTestDriveOverrides),
});
