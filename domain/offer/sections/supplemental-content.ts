import { z } from '../zod';
import type { FieldIssue } from '../../errors';
import { requireField } from '../completeness';
import { assetId } from '../fields';

/** WRITE schema of the supplemental-content section (not shown to customers). */
export const supplementalContentWriteSchema = z
  .strictObject({
    keyUsageScenario: assetId
      .describe("Uploaded PDF listing the offer's key usage scenarios; required")
      .optional(),
  })
  .describe('Supplemental content');

export const supplementalContentStoredSchema = supplementalContentWriteSchema;
export type SupplementalContentWrite = z.infer<typeof supplementalContentWriteSchema>;
export type SupplementalContentStored = SupplementalContentWrite;

/** COMPLETENESS rules of the supplemental-content section. */
export function supplementalContentCompleteness(value: SupplementalContentStored): FieldIssue[] {
  const issues: FieldIssue[] = [];
  requireField(issues, value.keyUsageScenario, ['keyUsageScenario'], 'keyUsageScenario');
  return issues;
}
