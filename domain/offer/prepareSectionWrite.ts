import type { FieldIssue } from '../errors';
import { parseWith } from './parseWith';
import { mergeSecretsPresence, splitSecrets } from './secrets';
import { sectionWriteSchemas } from './sectionSchemas';
import type { SectionName } from './sectionNames';

export type PreparedSectionWrite =
  | {
      ok: true;
      /** The stored (and read) form: sanitised, "all" markets expanded, secrets replaced by `<field>Set: true`. */
      stored: unknown;
      /** Secrets this write provided, by pointer within the section; store them apart, never log them. */
      secrets: Record<string, string>;
    }
  | { ok: false; issues: FieldIssue[] };

/**
 * The whole write path of a section, pure: validate the body with the WRITE schema (a malformed value
 * refuses the write with one issue per field), take the secrets out, and keep the secrets the body
 * omitted from the previous stored form.
 */
export function prepareSectionWrite(
  section: SectionName,
  body: unknown,
  previousStored?: unknown,
): PreparedSectionWrite {
  const parsed = parseWith(sectionWriteSchemas[section], body);
  if (!parsed.ok) return parsed;
  const { value, secrets } = splitSecrets(section, parsed.value);
  const stored = previousStored === undefined ? value : mergeSecretsPresence(section, previousStored, value);
  return { ok: true, stored, secrets };
}
