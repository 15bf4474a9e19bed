import { z } from 'zod';
import { escapePointerToken, toFieldIssues, toPointer } from '../../domain/errors';

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input, { reportInput: true });
  return r.success ? [] : toFieldIssues(r.error.issues);
};

describe('field issues', () => {
  it('When a path has / or ~ in a key, then the pointer escapes them (RFC 6901)', () => {
    expect(toPointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0');
    expect(escapePointerToken('~/')).toBe('~0~1');
    expect(toPointer([])).toBe('');
  });

  it('When a string is too long, then the message names the field, the limit and the length', () => {
    expect(issuesOf(z.object({ name: z.string().max(50) }), { name: 'x'.repeat(51) })).toEqual([
      { pointer: '/name', code: 'tooLong', message: 'name must be at most 50 characters (got 51)' },
    ]);
  });

  it('When an array is too long or too short, then the message counts items', () => {
    expect(
      issuesOf(z.object({ tags: z.array(z.string()).max(3) }), { tags: ['a', 'b', 'c', 'd'] })[0]?.message,
    ).toBe('tags must have at most 3 items (got 4)');
    expect(issuesOf(z.object({ tags: z.array(z.string()).min(1) }), { tags: [] })[0]).toEqual({
      pointer: '/tags',
      code: 'tooFew',
      message: 'tags must have at least 1 items (got 0)',
    });
  });

  it('When a required field is missing, then code is required; when it has the wrong type, then invalidType', () => {
    expect(issuesOf(z.object({ a: z.string() }), {})).toEqual([
      { pointer: '/a', code: 'required', message: 'a is required' },
    ]);
    expect(issuesOf(z.object({ a: z.string() }), { a: 1 })).toEqual([
      { pointer: '/a', code: 'invalidType', message: 'a must be a string (got number)' },
    ]);
  });

  it('When unknown keys are sent to a strict object, then there is one issue per key', () => {
    expect(issuesOf(z.strictObject({ a: z.string().optional() }), { b: 1, c: 2 })).toEqual([
      { pointer: '/b', code: 'unknownField', message: 'b is not a field of this body' },
      { pointer: '/c', code: 'unknownField', message: 'c is not a field of this body' },
    ]);
  });

  it('When an enum value is not allowed, then code is notInList and the message shows the value', () => {
    expect(issuesOf(z.object({ t: z.enum(['a', 'b']) }), { t: 'c' })).toEqual([
      { pointer: '/t', code: 'notInList', message: 't must be one of "a", "b" (got "c")' },
    ]);
  });

  it('When an array item fails, then the pointer and message name the item', () => {
    expect(issuesOf(z.object({ list: z.array(z.enum(['a'])) }), { list: ['a', 'x'] })[0]).toEqual(
      expect.objectContaining({ pointer: '/list/1', message: expect.stringContaining('list[1]') }),
    );
  });

  it('When a discriminator is missing or unknown, then the issue points at the discriminator', () => {
    const u = z.object({
      d: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('x') }),
        z.object({ kind: z.literal('y') }),
      ]),
    });
    expect(issuesOf(u, { d: {} })).toEqual([
      { pointer: '/d/kind', code: 'required', message: 'kind is required' },
    ]);
    expect(issuesOf(u, { d: { kind: 'z' } })).toEqual([
      { pointer: '/d/kind', code: 'notInList', message: 'kind must be one of "x", "y" (got "z")' },
    ]);
  });
});
