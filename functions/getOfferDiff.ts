import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { jsonResponse } from '../app/http/jsonResponse';
import { representationEtag } from '../app/http/representationEtag';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { getOfferDraft } from '../domain/authoring/getOfferDraft';
import { domainDraft } from '../domain/authoring/sectionRules';
import { diffSnapshots, type SectionValues } from '../domain/publishing/diffSnapshots';
import { isMarketingField } from '../domain/publishing/marketingFields';

/**
 * GET /api/offers/{offerId}/diff: the draft against the live version, section by section, each
 * change with its pointer, before and after, and whether it is a marketing field. With nothing
 * live, every saved field is `added`.
 */
export async function getOfferDiff(request: HttpRequest, publisher: Publisher, _context: InvocationContext): Promise<HttpResponseInit> {
  const offerId = request.params.offerId ?? '';
  const draft = await getOfferDraft(await getOfferStore(), publisher, offerId);
  const liveId = draft.offer.live?.submissionId;
  const live = liveId ? await (await getPublishingServices()).submissions.get(publisher.accountId, offerId, liveId) : undefined;
  const sections = diffSnapshots(live?.snapshot.sections, domainDraft(draft).sections as SectionValues).map((d) => ({
    ...d,
    changes: d.changes.map((c) => ({ ...c, marketing: isMarketingField(c.pointer) })),
  }));
  const body = { offerId, liveSubmissionId: liveId ?? null, changed: sections.some((s) => s.changed), sections };
  return jsonResponse(200, body, { etag: representationEtag(body) });
}

app.http('getOfferDiff', {
  route: 'offers/{offerId}/diff',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(getOfferDiff),
});
