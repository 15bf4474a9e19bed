import { changedFields } from '../../../domain/authoring/changedFields';

describe('changedFields', () => {
  it('When values are equal, then nothing changed', () => {
    expect(changedFields({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } })).toEqual([]);
  });

  it('When leaves are added, changed or removed, then each pointer is listed once, sorted', () => {
    expect(changedFields({ a: 1, b: { c: 2, d: 3 } }, { a: 2, b: { c: 2 }, e: 'x' })).toEqual(['/a', '/b/d', '/e']);
  });

  it('When an array changes length, then the array itself is listed; when an item changes, then the item', () => {
    expect(changedFields({ m: ['us'] }, { m: ['us', 'ca'] })).toEqual(['/m']);
    expect(changedFields({ m: ['us', 'gb'] }, { m: ['us', 'ca'] })).toEqual(['/m/1']);
  });

  it('When a key needs escaping, then the pointer escapes it (RFC 6901)', () => {
    expect(changedFields({}, { 'a/b~c': 1 })).toEqual(['/a~1b~0c']);
  });
});
