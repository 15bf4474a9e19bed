import type { HttpRequest } from '@azure/functions';
import { escapePointerToken } from '../../domain/errors';
import { AppError } from './AppError';

/** Deepest nesting of objects and arrays a body may have; the deepest section is far shallower. */
export const maxJsonDepth = 32;

/** Strict UTF-8 (malformed bytes throw). Shared: a non-streaming decode() keeps no state between calls. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Keys refused anywhere in a body: they would pollute prototypes of code that merges objects naively. */
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads a request body as JSON. Refuses, before anything else sees the body: a content type other
 * than JSON (415), a body over `maxBytes` (413, checked on Content-Length first so an oversized
 * body is not parsed), malformed JSON, nesting deeper than {@link maxJsonDepth} and
 * prototype-pollution keys (400).
 */
export async function readJsonBody(request: HttpRequest, maxBytes: number): Promise<unknown> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!isJsonMediaType(contentType)) {
    throw new AppError(
      'unsupportedMediaType',
      contentType === ''
        ? 'The request has no Content-Type; send application/json.'
        : `Content-Type ${contentType} is not accepted; send application/json.`,
    );
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);

  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(bytes));
  } catch (error) {
    throw new AppError(
      'invalidJson',
      error instanceof SyntaxError ? error.message : 'The body is not valid UTF-8.',
    );
  }
  assertSafeJson(parsed);
  return parsed;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payloadTooLarge', `The body must not exceed ${maxBytes} bytes.`);
}

/** `application/json` or a `+json` suffix type, with an optional UTF-8 charset. */
export function isJsonMediaType(contentType: string): boolean {
  const [type = '', ...params] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) return false;
  const charset = params.find((p) => p.startsWith('charset='));
  return charset === undefined || /^charset="?utf-8"?$/.test(charset);
}

/** Throws a 400 for nesting deeper than {@link maxJsonDepth} or a forbidden key, with its pointer. */
export function assertSafeJson(value: unknown): void {
  // Iterative walk: a recursive one could itself overflow the stack on hostile input.
  const stack: { value: unknown; pointer: string; depth: number }[] = [
    { value, pointer: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value: node, pointer, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxJsonDepth) {
      throw new AppError('invalidJson', `The body nests deeper than ${maxJsonDepth} levels.`, [
        { pointer, code: 'tooDeep', message: `Nesting deeper than ${maxJsonDepth} levels.` },
      ]);
    }
    for (const [key, child] of Object.entries(node)) {
      const childPointer = `${pointer}/${escapePointerToken(key)}`;
      if (forbiddenKeys.has(key)) {
        throw new AppError('validationFailed', `The key "${key}" is not allowed.`, [
          { pointer: childPointer, code: 'forbiddenKey', message: `The key "${key}" is not allowed.` },
        ]);
      }
      stack.push({ value: child, pointer: childPointer, depth: depth + 1 });
    }
  }
}
