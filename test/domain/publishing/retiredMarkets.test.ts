import { retiredMarkets } from '../../../domain/publishing/retiredMarkets';

describe('retiredMarkets', () => {
  const at = '2026-01-01T00:00:00.000Z';

  it('When the first version goes live, then nothing is retired', () => {
    expect(retiredMarkets(undefined, ['us'], 1, at)).toEqual([]);
  });

  it('When a market is removed, then it is recorded with the version that removed it', () => {
    expect(retiredMarkets({ markets: ['us', 'ca', 'gb'] }, ['us', 'gb'], 2, at)).toEqual([
      { market: 'ca', removedInVersion: 2, removedAt: at },
    ]);
  });

  it('When later versions go live, then earlier retirements are kept with their first version', () => {
    const v2 = retiredMarkets({ markets: ['us', 'ca'] }, ['us'], 2, at);
    expect(retiredMarkets({ markets: ['us'], retiredMarkets: v2 }, ['us', 'fr'], 3, 'later')).toEqual([
      { market: 'ca', removedInVersion: 2, removedAt: at },
    ]);
  });

  it('When a retired market is sold again, then it leaves the record', () => {
    const v2 = retiredMarkets({ markets: ['us', 'ca'] }, ['us'], 2, at);
    expect(retiredMarkets({ markets: ['us'], retiredMarkets: v2 }, ['us', 'ca'], 3, at)).toEqual([]);
  });
});
