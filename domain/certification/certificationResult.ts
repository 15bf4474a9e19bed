import { z } from 'zod';
import { isPossibleResourceId } from '../resourceId';

/** One problem certification found, pointing at the field it concerns (a JSON pointer into the snapshot). */
export const certificationFindingSchema = z.object({
  pointer: z.string().regex(/^(\/[^/]*)*$/, 'must be a JSON pointer'),
  code: z.string().min(1),
  message: z.string().min(1),
  severity: z.enum(['error', 'warning']).default('error'),
});

export const certificationReportSchema = z.object({
  summary: z.string(),
  findings: z.array(certificationFindingSchema),
});

/**
 * The body of the certification service's callback (`type` certification.completed), the same
 * shape its GET answers once finished. `submissionId` is ours, given at submission.
 */
export const certificationCallbackSchema = z.object({
  type: z.literal('certification.completed'),
  timestamp: z.iso.datetime(),
  data: z.object({
    certificationRequestId: z.string().min(1),
    // Ours (a UUID): a value that cannot be an id is malformed, not an unknown submission.
    submissionId: z.string().min(1).refine(isPossibleResourceId, 'must be a submission id'),
    result: z.enum(['passed', 'failed']),
    report: certificationReportSchema,
  }),
});

export type CertificationFinding = z.infer<typeof certificationFindingSchema>;
export type CertificationReport = z.infer<typeof certificationReportSchema>;
export type CertificationCallback = z.infer<typeof certificationCallbackSchema>;
