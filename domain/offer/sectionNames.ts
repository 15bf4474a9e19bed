/** The sections of an offer, in the order a publisher fills them (and the review page lists them). */
export const sectionNames = [
  'setup',
  'properties',
  'listing',
  'availability',
  'technical-configuration',
  'test-drive',
  'supplemental-content',
] as const;

export type SectionName = (typeof sectionNames)[number];

export function isSectionName(value: string): value is SectionName {
  return (sectionNames as readonly string[]).includes(value);
}
