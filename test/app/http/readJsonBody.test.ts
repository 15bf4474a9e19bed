import { assertSafeJson, isJsonMediaType, maxJsonDepth } from '../../../app/http/readJsonBody';
import { AppError } from '../../../app/http/AppError';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function caught(run: () => void): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('isJsonMediaType', () => {
  it('When the type is JSON (optionally UTF-8 or +json), then it is accepted', () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"', 'application/merge-patch+json']) {
      expect(isJsonMediaType(type)).toBe(true);
    }
  });

  it('When the type is not JSON or the charset is not UTF-8, then it is refused', () => {
    for (const type of ['', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/jsonp']) {
      expect(isJsonMediaType(type)).toBe(false);
    }
  });
});

describe('assertSafeJson', () => {
  it(`When nesting is exactly ${maxJsonDepth} levels, then it passes; one more, then 400 tooDeep`, () => {
    expect(() => assertSafeJson(nested(maxJsonDepth))).not.toThrow();
    const error = caught(() => assertSafeJson(nested(maxJsonDepth + 1)));
    expect(error.status).toBe(400);
    expect(error.errors[0]!.code).toBe('tooDeep');
  });

  it('When a prototype-pollution key appears at any depth, then it is refused with its pointer', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const body = JSON.parse(`{"a":[{"b":{"${key}":{"x":1}}}]}`) as unknown;
      const error = caught(() => assertSafeJson(body));
      expect(error.errors[0]).toMatchObject({ pointer: `/a/0/b/${key}`, code: 'forbiddenKey' });
    }
  });
});
