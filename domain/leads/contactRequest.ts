import { z } from 'zod';

/**
 * SPEC Leads: a "Contact me" request carries name, e-mail, company and consent. The e-mail must
 * be the signed-in customer's (checked by the handler); consent must be given explicitly.
 */
export const contactRequestSchema = z.strictObject({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: z.email().max(254),
  company: z.string().trim().min(1).max(200),
  consent: z.literal(true, { error: 'consent to be contacted (true) is required' }),
  phone: z.string().trim().max(40).optional(),
  country: z.string().trim().max(100).optional(),
  title: z.string().trim().max(100).optional(),
  message: z.string().trim().max(3000).optional(),
});
export type ContactRequest = z.infer<typeof contactRequestSchema>;

/** Body of a test drive start: who the customer is comes from the token; these complete the lead. */
export const testDriveRequestSchema = z.strictObject({
  firstName: z.string().trim().min(1).max(100).optional(),
  lastName: z.string().trim().min(1).max(100).optional(),
  company: z.string().trim().min(1).max(200).optional(),
  phone: z.string().trim().max(40).optional(),
  country: z.string().trim().max(100).optional(),
  title: z.string().trim().max(100).optional(),
  /** ARM: the region to run in (one of the offer's regions; the first when absent). */
  region: z.string().trim().max(40).optional(),
});
export type TestDriveRequest = z.infer<typeof testDriveRequestSchema>;
