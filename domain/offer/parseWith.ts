import type { z } from 'zod';
import { toFieldIssues, type FieldIssue } from '../errors';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Parses with a schema and turns failures into FieldIssue[] (pointers from the root of `input`). */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: toFieldIssues(result.error.issues) };
}
