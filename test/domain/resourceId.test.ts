import { isPossibleResourceId, RESOURCE_ID_MAX_BYTES } from '../../domain/resourceId';

describe('isPossibleResourceId', () => {
  it('When a value is an id the API hands out, then it can be a resource id', () => {
    for (const id of [
      'contoso-field-assist',
      'b3f1c7e2-9a4d-4c1e-8f2a-0d6b5e4c3a21',
      'a'.repeat(64),
      'tenant-1.offer_2',
      '1',
      '<script>',
      '😀',
      'a b',
    ]) {
      expect({ id, ok: isPossibleResourceId(id) }).toEqual({ id, ok: true });
    }
  });

  it("When a value holds '/', '\\', '?' or '#', is blank, holds a lone surrogate or is longer than the limit in UTF-8 bytes, then it cannot", () => {
    for (const id of [
      'a/b',
      '/',
      'a\\b',
      'a?b',
      'a#b',
      '../x',
      '',
      ' ',
      '\t',
      '\uD800',
      'a\uDC00',
      'a'.repeat(RESOURCE_ID_MAX_BYTES + 1),
      'é'.repeat(128),
    ]) {
      expect({ id: id.slice(0, 20), ok: isPossibleResourceId(id) }).toEqual({
        id: id.slice(0, 20),
        ok: false,
      });
    }
    expect(isPossibleResourceId('a'.repeat(RESOURCE_ID_MAX_BYTES))).toBe(true);
  });
});
