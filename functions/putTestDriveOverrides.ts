import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { getConfig } from '../app/config';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { readJsonBody } from '../app/http/readJsonBody';
import { requireIfMatch } from '../app/http/requireIfMatch';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { capacityOf, overridesView, publishedTestDrive } from '../app/testdrive/publisherTestDrive';
import { parseWith } from '../domain/offer/parseWith';
import { overrideIssues, testDriveOverridesSchema } from '../domain/testdrive/testDriveOverrides';

/**
 * PUT /api/offers/{offerId}/test-drive/overrides (If-Match required): replaces the publisher's
 * capacity overrides of the published test drive without a new submission: `maxConcurrent`
 * (Dynamics 365, Logic app) or `instances.hot` / `instances.cold` (ARM, per region, hot <= cold).
 * `{}` goes back to the published values. Applies to new sessions: lowering a limit ends no
 * session, new starts are refused until the offer is under it. 400 with one entry per field.
 */
export async function putTestDriveOverrides(
  request: HttpRequest,
  publisher: Publisher,
): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const published = await publishedTestDrive(publisher, offerId);
  const ifMatch = requireIfMatch(request);
  const parsed = parseWith(
    testDriveOverridesSchema,
    await readJsonBody(request, getConfig().HTTP_MAX_BODY_BYTES),
  );
  if (!parsed.ok) throw new AppError('validationFailed', undefined, parsed.issues);
  const issues = overrideIssues(parsed.value, {
    family: published.plan.family,
    ...capacityOf(published.plan),
  });
  if (issues.length > 0) throw new AppError('validationFailed', undefined, issues);
  const { overrides } = await getTestDriveServices();
  const stored = await overrides.put(
    published.listingId,
    parsed.value,
    ifMatch,
    publisher.userId,
    new Date().toISOString(),
  );
  if (stored === 'stale')
    throw new AppError('preconditionFailed', 'The overrides changed since you read them; read them again.');
  return jsonResponse(200, overridesView(offerId, published, stored), { etag: stored.etag });
}

app.http('putTestDriveOverrides', {
  route: 'offers/{offerId}/test-drive/overrides',
  methods: ['PUT'],
  authLevel: 'anonymous',
  handler: withPublisher(putTestDriveOverrides),
});
