import fc from 'fast-check';
import { randomFreeNumber } from '../../../adapters/cosmos/cosmosQuotaStore';

describe('Free ticket numbers', () => {
  it('When numbers are taken, then a random free one below the cap is chosen, and none when all are taken', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 80 }), { maxLength: 80 }),
        (cap, takenList) => {
          // Arrange
          const taken = new Set(takenList);
          const free = Array.from({ length: cap }, (_, n) => n).filter((n) => !taken.has(n));

          // Act
          const n = randomFreeNumber(cap, taken);

          // Assert
          if (free.length === 0) expect(n).toBeUndefined();
          else expect(free).toContain(n);
        },
      ),
    );
  });

  it('When the cap is 100,000 with most numbers free, then choosing one does not walk the whole range', () => {
    // Arrange
    const taken = new Set(Array.from({ length: 1000 }, (_, i) => i * 7));
    const started = process.hrtime.bigint();

    // Act
    for (let i = 0; i < 100; i++) randomFreeNumber(100_000, taken);

    // Assert: 100 choices well under the time one walk of 100,000 numbers per choice would take
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });
});
