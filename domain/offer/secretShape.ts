import { z } from './zod';
import { secretPresence, secretString } from './fields';

/**
 * Sections that hold secrets have two forms built from one definition:
 * - `write`: what a client sends; the secret is a string.
 * - `stored`: what is kept with the section and returned; the secret is replaced by `<field>Set: true`
 *   (the value itself lives in the secret store).
 */
export type SchemaMode = 'write' | 'stored';

export type SecretShape<K extends string, M extends SchemaMode> = M extends 'write'
  ? { [P in K]: z.ZodOptional<typeof secretString> }
  : { [P in `${K}Set`]: z.ZodOptional<typeof secretPresence> };

/** The shape entry for one secret field in the given mode. */
export function secretShape<K extends string, M extends SchemaMode>(
  key: K,
  mode: M,
  describe: string,
  refine?: z.ZodType<string, string>,
): SecretShape<K, M> {
  if (mode === 'write') {
    const schema = (refine ?? secretString).describe(`${describe} (write-only)`).optional();
    return { [key]: schema } as unknown as SecretShape<K, M>;
  }
  return {
    [`${key}Set`]: secretPresence.describe(`True when ${describe} has been provided`).optional(),
  } as unknown as SecretShape<K, M>;
}

/** Name of the stored-form marker for a secret field. */
export function presenceKey(field: string): string {
  return `${field}Set`;
}
