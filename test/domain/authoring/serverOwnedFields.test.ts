import { markServerOwnedFields } from '../../../domain/authoring/serverOwnedFields';

describe('markServerOwnedFields', () => {
  it('When unknown fields are server-owned or secret markers, then they become readOnly; others stay unknownField', () => {
    const issues = markServerOwnedFields([
      { pointer: '/etag', code: 'unknownField', message: 'x' },
      { pointer: '/subscription/appClientSecretSet', code: 'unknownField', message: 'x' },
      { pointer: '/colour', code: 'unknownField', message: 'x' },
      { pointer: '/name', code: 'tooLong', message: 'x' },
    ]);

    expect(issues.map((i) => i.code)).toEqual(['readOnly', 'readOnly', 'unknownField', 'tooLong']);
  });

  it('When a field is allowed in this body, then it is left alone', () => {
    expect(markServerOwnedFields([{ pointer: '/offerId', code: 'unknownField', message: 'x' }], new Set(['offerId']))[0]!.code).toBe(
      'unknownField',
    );
  });
});
