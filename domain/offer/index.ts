/** The offer authoring domain: one import for the HTTP and storage layers. */
export * from './sectionNames';
export * from './sectionSchemas';
export * from './sections/setup';
export * from './sections/properties';
export * from './sections/listing';
export * from './sections/availability';
export * from './sections/technical-configuration';
export * from './sections/test-drive';
export * from './sections/supplemental-content';
export * from './createOffer';
export * from './status';
export * from './secrets';
export * from './assetReferences';
export * from './sanitizeDescription';
export * from './prepareSectionWrite';
export * from './parseWith';
export type { CompletenessContext } from './completeness';
