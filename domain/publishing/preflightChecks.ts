import { escapePointerToken, type FieldIssue } from '../errors';
import { sectionNames, type SectionName } from '../offer/sectionNames';
import { inspectCrmPackageUrl } from '../offer/sections/technical-configuration';
import { offerReadiness, type SectionStatusValue } from '../offer/status';

export interface PreflightInput {
  readonly alias: string;
  readonly sections: Partial<Record<SectionName, unknown>>;
}

export interface PreflightResult {
  /** True when nothing blocks a submission. */
  readonly passed: boolean;
  readonly checkedAt: string;
  /** Each section's status (SPEC: all required sections complete before a submission). */
  readonly sections: readonly { readonly section: SectionName; readonly status: SectionStatusValue }[];
  /** Blocking problems; pointers from the offer root (`/<section>/<field>`). */
  readonly issues: readonly FieldIssue[];
  /** Non-blocking observations certification will act on (sovereign regions, extra steps). */
  readonly notes: readonly FieldIssue[];
}

/**
 * Every check certification's automated stage runs, at `now`: each section's completeness (the
 * failing fields), and the CRM package URL in detail (https, an Azure Storage blob endpoint, a
 * read-only `sp=r` SAS with a signature, not expired at `now`). Sovereign package regions and
 * S2S outbound / Secure Store are flagged as notes: they do not block, certification checks the
 * permission. Pure: the same function runs for the pre-flight call, on submit and again in the
 * pipeline's validation stage on the frozen snapshot.
 */
export function preflightChecks(input: PreflightInput, now: Date): PreflightResult {
  const readiness = offerReadiness({ alias: input.alias, sections: input.sections }, { now });
  const issues: FieldIssue[] = [];
  const notes: FieldIssue[] = [];
  for (const section of sectionNames) {
    const status = readiness.sections[section];
    const prefix = `/${escapePointerToken(section)}`;
    if (status.status === 'notStarted') {
      issues.push({ pointer: prefix, code: 'sectionNotStarted', message: `The ${section} section has not been filled in` });
    }
    for (const f of status.failingFields) issues.push({ ...f, pointer: prefix + f.pointer });
    for (const n of status.notes ?? []) notes.push({ ...n, pointer: prefix + n.pointer });
  }
  const technical = input.sections['technical-configuration'] as { crmPackageUrl?: unknown } | undefined;
  if (typeof technical?.crmPackageUrl === 'string') {
    for (const problem of inspectCrmPackageUrl(technical.crmPackageUrl).problems) {
      const issue = { pointer: '/technical-configuration/crmPackageUrl', code: 'invalidCrmPackageUrl', message: `crmPackageUrl ${problem}` };
      if (!issues.some((i) => i.message === issue.message)) issues.push(issue);
    }
  }
  return {
    passed: issues.length === 0,
    checkedAt: now.toISOString(),
    sections: sectionNames.map((section) => ({ section, status: readiness.sections[section].status })),
    issues,
    notes,
  };
}
