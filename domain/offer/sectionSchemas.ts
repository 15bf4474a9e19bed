import type { z } from 'zod';
import type { FieldIssue } from '../errors';
import type { CompletenessContext } from './completeness';
import type { SectionName } from './sectionNames';
import {
  availabilityCompleteness,
  availabilityStoredSchema,
  availabilityWriteSchema,
} from './sections/availability';
import { listingCompleteness, listingStoredSchema, listingWriteSchema } from './sections/listing';
import { propertiesCompleteness, propertiesStoredSchema, propertiesWriteSchema } from './sections/properties';
import { setupCompleteness, setupStoredSchema, setupWriteSchema } from './sections/setup';
import {
  supplementalContentCompleteness,
  supplementalContentStoredSchema,
  supplementalContentWriteSchema,
} from './sections/supplemental-content';
import {
  technicalConfigurationCompleteness,
  technicalConfigurationNotes,
  technicalConfigurationStoredSchema,
  technicalConfigurationWriteSchema,
} from './sections/technical-configuration';
import { testDriveCompleteness, testDriveStoredSchema, testDriveWriteSchema } from './sections/test-drive';

/** Options of completeness checks that depend on the clock (the CRM package SAS expiry). */
export interface CompletenessOptions {
  now?: Date;
}

/** Everything the rest of the system needs to know about one section. */
export interface SectionDefinition {
  /** What a client may send (strict; server-owned fields and secret markers are refused). */
  write: z.ZodType;
  /** What is stored and returned: the parsed write form with secrets replaced by `<field>Set: true`. */
  stored: z.ZodType;
  /** Failing fields when required values are missing or cross-field rules fail (empty = complete). */
  completeness: (value: never, ctx: CompletenessContext & CompletenessOptions) => FieldIssue[];
  /** Observations that do not block completeness (e.g. sovereign regions). */
  notes?: (value: never) => FieldIssue[];
}

export const sectionDefinitions: Record<SectionName, SectionDefinition> = {
  setup: { write: setupWriteSchema, stored: setupStoredSchema, completeness: setupCompleteness },
  properties: {
    write: propertiesWriteSchema,
    stored: propertiesStoredSchema,
    completeness: propertiesCompleteness,
  },
  listing: { write: listingWriteSchema, stored: listingStoredSchema, completeness: listingCompleteness },
  availability: {
    write: availabilityWriteSchema,
    stored: availabilityStoredSchema,
    completeness: availabilityCompleteness,
  },
  'technical-configuration': {
    write: technicalConfigurationWriteSchema,
    stored: technicalConfigurationStoredSchema,
    completeness: technicalConfigurationCompleteness,
    notes: technicalConfigurationNotes,
  },
  'test-drive': {
    write: testDriveWriteSchema,
    stored: testDriveStoredSchema,
    completeness: testDriveCompleteness,
  },
  'supplemental-content': {
    write: supplementalContentWriteSchema,
    stored: supplementalContentStoredSchema,
    completeness: supplementalContentCompleteness,
  },
};

/** The WRITE schema of each section, for request validation and OpenAPI. */
export const sectionWriteSchemas = {
  setup: setupWriteSchema,
  properties: propertiesWriteSchema,
  listing: listingWriteSchema,
  availability: availabilityWriteSchema,
  'technical-configuration': technicalConfigurationWriteSchema,
  'test-drive': testDriveWriteSchema,
  'supplemental-content': supplementalContentWriteSchema,
} as const satisfies Record<SectionName, z.ZodType>;

/** The stored (= read) schema of each section, for OpenAPI responses and re-validation of stored documents. */
export const sectionStoredSchemas = {
  setup: setupStoredSchema,
  properties: propertiesStoredSchema,
  listing: listingStoredSchema,
  availability: availabilityStoredSchema,
  'technical-configuration': technicalConfigurationStoredSchema,
  'test-drive': testDriveStoredSchema,
  'supplemental-content': supplementalContentStoredSchema,
} as const satisfies Record<SectionName, z.ZodType>;
