import { z } from '../zod';
import { categoryIds, categorySelection } from '../../data/categories';
import { dynamics365ProductIds } from '../../data/dynamics365Products';
import { industryIds, industrySelection, isVerticalOf } from '../../data/industries';
import type { FieldIssue } from '../../errors';
import { requireAtLeast, requireField } from '../completeness';
import { httpUrl, uniqueItems } from '../fields';

/** "Enter up to 10,000 characters of text, or ... provide the URL" */
export const TERMS_OF_USE_MAX = 10_000;

/** Dotted numeric version shown to customers: 1 to 4 numeric parts, e.g. 1.0.0.0. */
export const APP_VERSION_PATTERN = /^[0-9]{1,9}(\.[0-9]{1,9}){0,3}$/;

const industrySelectionItem = z
  .strictObject({
    industry: z.enum(industryIds).describe('Industry id'),
    verticals: z
      .array(z.string())
      .max(industrySelection.verticalsPerIndustryMax)
      .superRefine(uniqueItems<string>())
      .describe('0 to 2 vertical ids of that industry')
      .optional(),
  })
  .superRefine((item, ctx) => {
    // Vertical ids are unique only within their industry, so they are checked against the chosen one.
    item.verticals?.forEach((vertical, index) => {
      if (!isVerticalOf(item.industry, vertical)) {
        ctx.addIssue({
          code: 'custom',
          path: ['verticals', index],
          message: `verticals[${index}] must be a vertical of the industry ${item.industry} (got ${JSON.stringify(vertical)})`,
          params: { code: 'notInList' },
          input: vertical,
        });
      }
    });
  });

/**
 * termsOfUse is one field holding either text or a URL (as in the source: "up to 10,000 characters of
 * text, or ... the URL where your additional license terms can be found"). A value that starts with
 * http:// or https:// and has no whitespace is taken as a URL and must be a valid absolute URL.
 */
export function looksLikeUrl(value: string): boolean {
  return /^https?:\/\/\S*$/i.test(value.trim());
}

const termsOfUse = z
  .string()
  .max(TERMS_OF_USE_MAX)
  .superRefine((value, ctx) => {
    if (looksLikeUrl(value) && !httpUrl.safeParse(value.trim()).success) {
      ctx.addIssue({
        code: 'custom',
        message: 'termsOfUse looks like a URL but is not a valid absolute http(s) URL',
        params: { code: 'invalidFormat' },
        input: value,
      });
    }
  })
  .describe(
    'Terms of use: text up to 10,000 characters, or an absolute URL; required when useStandardContract is false',
  );

/** WRITE schema of the properties section. */
export const propertiesWriteSchema = z
  .strictObject({
    categories: z
      .array(z.enum(categoryIds))
      .max(categorySelection.max)
      .superRefine(uniqueItems<string>())
      .describe('1 to 3 category ids')
      .optional(),
    industries: z
      .array(industrySelectionItem)
      .max(industrySelection.industriesMax)
      .superRefine(uniqueItems<{ industry: string }>((i) => i.industry))
      .describe('0 to 2 industries, each with 0 to 2 verticals')
      .optional(),
    applicableProducts: z
      .array(z.enum(dynamics365ProductIds))
      .superRefine(uniqueItems<string>())
      .describe('Dynamics 365 products the offer applies to (at least 1)')
      .optional(),
    appVersion: z
      .string()
      .regex(APP_VERSION_PATTERN, { error: 'must be a dotted numeric version such as 1.0.0.0' })
      .describe('Dotted numeric version shown to customers, e.g. 1.0.0.0')
      .optional(),
    marketingOnlyChange: z
      .boolean()
      .describe(
        'A submission whose only changes are marketing changes bypasses certification and provisioning',
      )
      .optional(),
    useStandardContract: z.boolean().describe('Use the Microsoft Standard Contract').optional(),
    termsOfUse: termsOfUse.optional(),
  })
  .describe('Offer properties');

/** Properties holds no secrets: the stored form is the write form. */
export const propertiesStoredSchema = propertiesWriteSchema;
export type PropertiesWrite = z.infer<typeof propertiesWriteSchema>;
export type PropertiesStored = PropertiesWrite;

/** COMPLETENESS rules of the properties section. */
export function propertiesCompleteness(value: PropertiesStored): FieldIssue[] {
  const issues: FieldIssue[] = [];
  requireAtLeast(issues, value.categories, categorySelection.min, ['categories'], 'categories');
  requireAtLeast(issues, value.applicableProducts, 1, ['applicableProducts'], 'applicableProducts');
  requireField(issues, value.appVersion, ['appVersion'], 'appVersion');
  // An unchecked "Use Standard Contract?" box (absent or false) means the publisher's own terms apply.
  if (value.useStandardContract !== true) {
    requireField(issues, value.termsOfUse, ['termsOfUse'], 'termsOfUse', 'when useStandardContract is false');
  }
  return issues;
}
