import { contactRequestSchema } from '../../domain/leads/contactRequest';
import { createOfferSchema } from '../../domain/offer/createOffer';
import { sectionNames, type SectionName } from '../../domain/offer/sectionNames';
import { sectionStoredSchemas } from '../../domain/offer/sectionSchemas';

/**
 * What the HTTP fuzz asserts of each answer and of each stored document. Each function returns
 * the problems it finds as readable lines (empty: fine), so the test can report all of them at
 * once instead of stopping at the first.
 */

export interface Answer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  text: string;
}

/** Who produced a bodiless 4xx: the host's router (no route, method), or Node's header limit. */
export function isHostRefusal(a: Answer): boolean {
  return a.text === '' && a.contentType === null && [404, 405, 431].includes(a.status);
}

const STACK_FRAME = /\n\s+at .+\(.+:\d+:\d+\)/;

/**
 * The rules every answer keeps: never 5xx; a 4xx is problem details (its status, a code, an
 * errors list); a refusal of fields names each with a JSON pointer; 429 and 503 say when to retry;
 * no stack trace leaks. `hostRefusalAllowed`: a bodiless 404/405/431 from the host is acceptable
 * for this case (a hostile path that matches no route, a header over the host's limit).
 */
export function answerProblems(a: Answer, hostRefusalAllowed: boolean): string[] {
  const problems: string[] = [];
  if (a.status >= 500) problems.push(`${a.status} ${a.text.slice(0, 300)}`);
  if (STACK_FRAME.test(a.text)) problems.push(`stack trace in the answer: ${a.text.slice(0, 300)}`);
  if (a.status >= 400 && a.status < 500) {
    if (isHostRefusal(a)) {
      if (!hostRefusalAllowed) problems.push(`${a.status} from the host without problem details`);
      return problems;
    }
    if (!a.contentType?.includes('application/problem+json'))
      problems.push(`${a.status} with content type ${a.contentType}`);
    let body: { status?: unknown; code?: unknown; title?: unknown; errors?: unknown } | undefined;
    try {
      body = JSON.parse(a.text) as typeof body;
    } catch {
      problems.push(`${a.status} body is not JSON: ${a.text.slice(0, 200)}`);
      return problems;
    }
    if (
      body?.status !== a.status ||
      typeof body.code !== 'string' ||
      typeof body.title !== 'string' ||
      !Array.isArray(body.errors)
    ) {
      problems.push(`${a.status} is not problem details: ${a.text.slice(0, 300)}`);
      return problems;
    }
    const errors = body.errors as { pointer?: unknown; code?: unknown; message?: unknown }[];
    if ((body.code === 'validationFailed' || body.code === 'invalidQuery') && errors.length === 0)
      problems.push(`${body.code} names no field`);
    for (const e of errors) {
      if (
        typeof e.pointer !== 'string' ||
        !/^(\/.*)?$/.test(e.pointer) ||
        typeof e.code !== 'string' ||
        typeof e.message !== 'string'
      ) {
        problems.push(`field error without a pointer, code and message: ${JSON.stringify(e).slice(0, 200)}`);
      }
    }
    if ((a.status === 429 || a.status === 503) && !a.retryAfter)
      problems.push(`${a.status} without Retry-After`);
  }
  return problems;
}

/** Keys that must never be stored: they only come from hostile input. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function forbiddenKeyPointers(value: unknown, pointer = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(FORBIDDEN_KEYS.has(k) ? [`${pointer}/${k}`] : []),
    ...forbiddenKeyPointers(v, `${pointer}/${k}`),
  ]);
}

/** Every `sections` map in a document (drafts, snapshots, storefront versions), with its pointer. */
function sectionMaps(value: unknown, pointer = ''): { pointer: string; sections: Record<string, unknown> }[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k === 'sections' && v !== null && typeof v === 'object' && !Array.isArray(v)
      ? [{ pointer: `${pointer}/sections`, sections: v as Record<string, unknown> }]
      : []),
    ...sectionMaps(v, `${pointer}/${k}`),
  ]);
}

const leadCustomerSchema = contactRequestSchema
  .omit({ consent: true, message: true })
  .partial({ company: true });

function storedSectionProblem(section: string, value: unknown): string | undefined {
  if (!(sectionNames as readonly string[]).includes(section)) return `unknown section ${section}`;
  if (value === null || value === undefined) return undefined;
  const parsed = sectionStoredSchemas[section as SectionName].safeParse(value);
  return parsed.success ? undefined : JSON.stringify(parsed.error.issues).slice(0, 400);
}

/**
 * A stored document against the schema of what it holds: offers against the creation rules,
 * sections and their history against the section's stored schema, every `sections` map inside
 * (submission snapshots, storefront versions) likewise, leads' customers against the contact
 * fields; no document of any type keeps a prototype key.
 */
export function storedDocumentProblems(container: string, doc: Record<string, unknown>): string[] {
  const where = `${container}/${String(doc.id)}`;
  const problems = forbiddenKeyPointers(doc).map((p) => `${where}: stored key ${p}`);
  if (doc.type === 'offer') {
    const parsed = createOfferSchema.safeParse({ offerId: doc.offerId, alias: doc.alias });
    if (!parsed.success)
      problems.push(`${where}: offer ${JSON.stringify(parsed.error.issues).slice(0, 300)}`);
  }
  if (doc.type === 'section' || doc.type === 'sectionHistory') {
    const problem = storedSectionProblem(String(doc.section), doc.value);
    if (problem) problems.push(`${where}: ${problem}`);
  }
  for (const map of sectionMaps(doc)) {
    for (const [section, value] of Object.entries(map.sections)) {
      const problem = storedSectionProblem(section, value);
      if (problem) problems.push(`${where}${map.pointer}/${section}: ${problem}`);
    }
  }
  if (container === 'offerLeads' && doc.customer !== undefined) {
    const parsed = leadCustomerSchema.safeParse(doc.customer);
    if (!parsed.success)
      problems.push(`${where}: lead customer ${JSON.stringify(parsed.error.issues).slice(0, 300)}`);
  }
  return problems;
}

/** A section value read through the API against its stored schema. */
export function readSectionProblem(section: string, value: unknown): string | undefined {
  return storedSectionProblem(section, value);
}

/** A lead read through the API: its customer against the contact fields, no prototype keys. */
export function readLeadProblems(lead: Record<string, unknown>): string[] {
  const problems = forbiddenKeyPointers(lead).map((p) => `lead ${String(lead.leadId)}: key ${p}`);
  const parsed = leadCustomerSchema.safeParse(lead.customer);
  if (!parsed.success)
    problems.push(
      `lead ${String(lead.leadId)}: customer ${JSON.stringify(parsed.error.issues).slice(0, 300)}`,
    );
  return problems;
}
