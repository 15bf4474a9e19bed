import { httpEtag, sameEtag } from '../../../domain/authoring/sameEtag';

describe('sameEtag', () => {
  it('When the stored ETag is bare or quoted, then the quoted If-Match matches it', () => {
    expect(sameEtag('"abc"', 'abc')).toBe(true);
    expect(sameEtag('"abc"', '"abc"')).toBe(true);
  });

  it('When the ETag differs, is weak or the stored one is empty, then it does not match', () => {
    expect(sameEtag('"abc"', 'abd')).toBe(false);
    expect(sameEtag('W/"abc"', 'abc')).toBe(false);
    expect(sameEtag('""', '')).toBe(false);
  });

  it('When a stored ETag is bare, then its HTTP form is quoted, and a quoted one is kept', () => {
    expect(httpEtag('abc')).toBe('"abc"');
    expect(httpEtag('"abc"')).toBe('"abc"');
  });
});
