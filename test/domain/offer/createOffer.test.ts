import { createOfferSchema } from '../../../domain/offer/createOffer';
import { parseWith } from '../../../domain/offer/parseWith';

const create = (body: unknown) => parseWith(createOfferSchema, body);
const pointers = (body: unknown) => {
  const r = create(body);
  return r.ok ? [] : r.issues.map((i) => i.pointer);
};

describe('createOffer', () => {
  it('When offerId and alias are valid, then the offer is accepted and the alias trimmed', () => {
    expect(create({ offerId: 'test-offer_1', alias: '  Contoso  ' })).toEqual({
      ok: true,
      value: { offerId: 'test-offer_1', alias: 'Contoso' },
    });
  });

  it('When offerId has 50 characters, then accepted; 51, then refused naming the limit', () => {
    expect(create({ offerId: 'a'.repeat(50), alias: 'x' }).ok).toBe(true);
    expect(create({ offerId: 'a'.repeat(51), alias: 'x' })).toEqual({
      ok: false,
      issues: [
        { pointer: '/offerId', code: 'tooLong', message: 'offerId must be at most 50 characters (got 51)' },
      ],
    });
  });

  it('When offerId has upper-case letters, whitespace or other characters, then refused', () => {
    for (const bad of ['Test', 'test offer', 'test.offer', 'tést', ''])
      expect(pointers({ offerId: bad, alias: 'x' })).toEqual(['/offerId']);
  });

  it('When alias is missing or blank after trimming, then refused', () => {
    expect(pointers({ offerId: 'a' })).toEqual(['/alias']);
    expect(create({ offerId: 'a', alias: '   ' })).toEqual({
      ok: false,
      issues: [{ pointer: '/alias', code: 'required', message: 'alias must not be empty' }],
    });
  });

  it('When a server-owned field is sent, then refused as unknown', () => {
    expect(pointers({ offerId: 'a', alias: 'b', accountId: 'other', state: 'live' })).toEqual([
      '/accountId',
      '/state',
    ]);
  });
});
