/**
 * Which fields are "marketing" (SPEC properties.marketingOnlyChange; the source walkthrough:
 * "If you are only updating the version number due to marketing/descriptive changes ... this
 * option allows the offer to bypass the certification and provisioning stages").
 *
 * Marketing = what only describes the offer to customers and is not part of what certification
 * tests or provisioning deploys:
 * - the whole `listing` section (name, descriptions, keywords, links, contacts, documents, images, videos);
 * - in `properties`: categories, industries, applicableProducts, appVersion (the walkthrough names
 *   the version number explicitly) and the marketingOnlyChange flag itself;
 * - in `test-drive`: its `listing` (description, access information, manual, videos).
 *
 * Everything else is technical or commercial and needs certification: setup (listing type, URLs,
 * test drive, leads), properties.useStandardContract / termsOfUse (legal terms are reviewed),
 * availability (markets and hide key change who may acquire the offer), the whole
 * technical-configuration (package, regions), the rest of test-drive, supplemental-content (the
 * key usage scenario is a certification document).
 *
 * Pointers are prefixes: a change at or below one of them is a marketing change.
 */
export const marketingFieldPointers: readonly string[] = [
  '/listing',
  '/properties/categories',
  '/properties/industries',
  '/properties/applicableProducts',
  '/properties/appVersion',
  '/properties/marketingOnlyChange',
  '/test-drive/listing',
];

export function isMarketingField(pointer: string): boolean {
  return marketingFieldPointers.some((p) => pointer === p || pointer.startsWith(`${p}/`));
}

/**
 * A change is marketing-only when a version is live (a first publication is always certified)
 * and every changed pointer is a marketing field. An empty change (a resubmission of the live
 * version) is marketing-only too: nothing technical changed.
 */
export function isMarketingOnlyChange(hasLiveVersion: boolean, changed: readonly string[]): boolean {
  return hasLiveVersion && changed.every(isMarketingField);
}
