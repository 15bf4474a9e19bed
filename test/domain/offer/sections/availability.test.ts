import { marketCodes } from '../../../../domain/data/markets';
import { prepareSectionWrite } from '../../../../domain/offer/prepareSectionWrite';
import { completeAvailabilityWrite } from '../../../support/offerFixtures';
import { failingPointers, writeIssues, writePointers } from '../../../support/sectionChecks';

describe('availability section', () => {
  it('When the complete fixture is written, then it is accepted and complete', () => {
    expect(writeIssues('availability', completeAvailabilityWrite())).toEqual([]);
    expect(failingPointers('availability', completeAvailabilityWrite())).toEqual([]);
  });

  it('When markets is "all", then the stored form holds every market of the list', () => {
    const result = prepareSectionWrite('availability', { markets: ['all'] });
    expect(result.ok && (result.stored as { markets: string[] }).markets).toEqual(marketCodes);
    expect(marketCodes).toHaveLength(142);
  });

  it('When "all" is given with other markets, then the result is still every market once', () => {
    const result = prepareSectionWrite('availability', { markets: ['us', 'all'] });
    expect(result.ok && (result.stored as { markets: string[] }).markets).toEqual(marketCodes);
  });

  it('When a market is not in the list, upper-case or repeated, then the write is refused at that item', () => {
    expect(writePointers('availability', { markets: ['us', 'zz'] })).toEqual(['/markets/1']);
    expect(writePointers('availability', { markets: ['US'] })).toEqual(['/markets/0']);
    expect(writeIssues('availability', { markets: ['us', 'us'] })).toEqual([
      expect.objectContaining({ pointer: '/markets/1', code: 'duplicate' }),
    ]);
  });

  it('When no market is selected, then availability is incomplete at /markets', () => {
    expect(failingPointers('availability', { markets: [], hideKey: 'abc' })).toEqual(['/markets']);
  });

  it('When hideKey has only lowercase letters and digits, then accepted; otherwise refused', () => {
    expect(writeIssues('availability', { hideKey: 'abc123' })).toEqual([]);
    for (const bad of ['ABC', 'abc-123', 'abc 123', 'äbc'])
      expect(writePointers('availability', { hideKey: bad })).toEqual(['/hideKey']);
  });

  it('When hideKey has 50 characters, then accepted; 51, then refused', () => {
    expect(writeIssues('availability', { hideKey: 'a'.repeat(50) })).toEqual([]);
    expect(writeIssues('availability', { hideKey: 'a'.repeat(51) })).toEqual([
      expect.objectContaining({ pointer: '/hideKey', code: 'tooLong' }),
    ]);
  });

  it('When hideKey is missing, then availability is incomplete (required to publish)', () => {
    expect(failingPointers('availability', { markets: ['us'] })).toEqual(['/hideKey']);
  });
});
