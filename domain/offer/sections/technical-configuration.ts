import { z } from '../zod';
import { crmPackageRegionIds, crmPackageRegions, findCrmPackageRegion } from '../../data/crmPackageRegions';
import type { FieldIssue } from '../../errors';
import { fieldIssue } from '../../errors';
import { requireAtLeast, requireField, type CompletenessContext } from '../completeness';
import { httpUrl, httpsUrl, uniqueItems } from '../fields';

export const baseLicenseModels = ['resource', 'user'] as const;

/** Blob endpoints of Azure Storage in the public and sovereign clouds. */
const AZURE_BLOB_HOST =
  /^[a-z0-9]{3,24}\.blob\.core\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn|cloudapi\.de)$/;

export interface CrmPackageUrlFacts {
  /** SAS expiry (`se`), when present and parseable. */
  expiresAt?: Date;
  /** Problems with the URL's shape; empty when well-formed. */
  problems: string[];
}

/**
 * Reads a CRM package URL: an https URL of a blob in an Azure Storage account whose query is a
 * read-only SAS (`sp=r` only, a signature and an expiry). Expiry against the clock is a
 * completeness rule (it changes with time), not a write rule.
 */
export function inspectCrmPackageUrl(value: string): CrmPackageUrlFacts {
  const problems: string[] = [];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problems: ['must be an absolute https:// URL'] };
  }
  if (url.protocol !== 'https:') problems.push('must use https');
  if (!AZURE_BLOB_HOST.test(url.hostname)) {
    problems.push('must be on an Azure Storage blob endpoint (<account>.blob.core.windows.net)');
  }
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  if (segments.length < 2) problems.push('must name a container and a blob (/<container>/<blob>)');
  const q = url.searchParams;
  if (!q.get('sig')) problems.push('must carry a SAS signature (sig)');
  const sp = q.get('sp');
  if (sp !== 'r')
    problems.push(`SAS permissions must be read-only (sp=r), got ${sp === null ? 'none' : `sp=${sp}`}`);
  const se = q.get('se');
  let expiresAt: Date | undefined;
  if (!se) problems.push('SAS must have an expiry (se)');
  else {
    const parsed = new Date(se);
    if (Number.isNaN(parsed.getTime())) problems.push(`SAS expiry (se) is not a date: ${se}`);
    else expiresAt = parsed;
  }
  return expiresAt === undefined ? { problems } : { expiresAt, problems };
}

const crmPackageUrl = httpsUrl
  .superRefine((value, ctx) => {
    const { problems } = inspectCrmPackageUrl(value);
    for (const problem of problems) {
      ctx.addIssue({
        code: 'custom',
        message: `crmPackageUrl ${problem}`,
        params: { code: 'invalidFormat' },
        input: value,
      });
    }
  })
  .describe('https URL of the package .zip blob in Azure Storage with a read-only SAS (sp=r, not expired)');

const packageRegion = z
  .strictObject({
    region: z.enum(crmPackageRegionIds).describe('CRM package region id'),
    applicationConfigurationUrl: httpUrl
      .describe('Overrides the section applicationConfigurationUrl for this region')
      .optional(),
  })
  .describe('A region where the CRM package is available');

/** WRITE schema of the technical-configuration section. */
export const technicalConfigurationWriteSchema = z
  .strictObject({
    baseLicenseModel: z
      .enum(baseLicenseModels)
      .describe('resource (instance-based) or user (per tenant)')
      .optional(),
    requiresS2SOutboundOrSecureStore: z
      .boolean()
      .describe('When true the submission is flagged for extra certification steps')
      .optional(),
    applicationConfigurationUrl: httpUrl
      .describe('Configuration page; the default for every package region')
      .optional(),
    crmPackageUrl: crmPackageUrl.optional(),
    hasMultiplePackages: z.boolean().describe('The package file holds more than one CRM package').optional(),
    packageRegions: z
      .array(packageRegion)
      .max(crmPackageRegions.length)
      .superRefine(uniqueItems<{ region: string }>((r) => r.region))
      .describe('At least 1 region; sovereign regions need special permission, checked by certification')
      .optional(),
  })
  .describe('Technical configuration');

export const technicalConfigurationStoredSchema = technicalConfigurationWriteSchema;
export type TechnicalConfigurationWrite = z.infer<typeof technicalConfigurationWriteSchema>;
export type TechnicalConfigurationStored = TechnicalConfigurationWrite;

/** COMPLETENESS rules of the technical-configuration section. `ctx.now` dates the SAS expiry check. */
export function technicalConfigurationCompleteness(
  value: TechnicalConfigurationStored,
  ctx?: CompletenessContext & { now?: Date },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  requireField(issues, value.baseLicenseModel, ['baseLicenseModel'], 'baseLicenseModel');
  requireField(issues, value.crmPackageUrl, ['crmPackageUrl'], 'crmPackageUrl');
  if (value.crmPackageUrl) {
    const { expiresAt } = inspectCrmPackageUrl(value.crmPackageUrl);
    const now = ctx?.now ?? new Date();
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      issues.push(
        fieldIssue(
          ['crmPackageUrl'],
          'sasExpired',
          `crmPackageUrl SAS expired at ${expiresAt.toISOString()}`,
        ),
      );
    }
  }
  requireAtLeast(issues, value.packageRegions, 1, ['packageRegions'], 'packageRegions');
  return issues;
}

/**
 * Notes that do not make the section incomplete but that the publisher and certification should see:
 * sovereign regions need special permission; S2S outbound / Secure Store needs extra certification steps.
 */
export function technicalConfigurationNotes(value: TechnicalConfigurationStored): FieldIssue[] {
  const notes: FieldIssue[] = [];
  value.packageRegions?.forEach((r, index) => {
    const region = findCrmPackageRegion(r.region);
    if (region?.sovereign) {
      notes.push(
        fieldIssue(
          ['packageRegions', index, 'region'],
          'sovereignRegion',
          `${region.name} is a sovereign region: deploying there needs special permission, which certification checks`,
        ),
      );
    }
  });
  if (value.requiresS2SOutboundOrSecureStore === true) {
    notes.push(
      fieldIssue(
        ['requiresS2SOutboundOrSecureStore'],
        'extraCertificationSteps',
        'S2S outbound or CRM Secure Store access needs extra certification steps; Microsoft will contact you',
      ),
    );
  }
  return notes;
}
