import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { jsonResponse } from '../app/http/jsonResponse';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { diffSnapshots } from '../domain/publishing/diffSnapshots';
import { isMarketingField } from '../domain/publishing/marketingFields';
import { PublishingError } from '../domain/publishing/PublishingError';

/**
 * GET /api/offers/{offerId}/versions/{from}/diff/{to}: the difference between two live versions
 * (any two, either order), section by section, in the shape of the draft/live difference.
 * 404 when either version does not exist.
 */
export async function getVersionDiff(
  request: HttpRequest,
  publisher: Publisher,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  await getOfferDraft(await getOfferStore(), publisher, offerId);
  const submissions = await (await getPublishingServices()).submissions.list(publisher.accountId, offerId);
  const version = (param: string | undefined) => {
    const n = /^[1-9]\d{0,8}$/.test(param ?? '') ? Number(param) : NaN;
    const found = submissions.find((s) => s.liveVersion !== undefined && s.liveVersion === n);
    if (!found) throw new PublishingError('notFound', `Offer ${offerId} has no version ${param ?? ''}.`);
    return found;
  };
  const from = version(request.params.from);
  const to = version(request.params.to);
  const sections = diffSnapshots(from.snapshot.sections, to.snapshot.sections).map((d) => ({
    ...d,
    changes: d.changes.map((c) => ({ ...c, marketing: isMarketingField(c.pointer) })),
  }));
  return jsonResponse(200, {
    offerId,
    from: { version: from.liveVersion, submissionId: from.submissionId },
    to: { version: to.liveVersion, submissionId: to.submissionId },
    changed: sections.some((s) => s.changed),
    sections,
  });
}

app.http('getVersionDiff', {
  route: 'offers/{offerId}/versions/{from}/diff/{to}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(getVersionDiff),
});
