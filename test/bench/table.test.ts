import { formatTable, num } from '../../bench/support/table';
import { percentile } from '../../bench/support/stats';

describe('Benchmark table', () => {
  it('When rows are formatted, then every line has the same width, text is left- and numbers right-aligned', () => {
    // Act
    const table = formatTable(
      ['family', 'req/s'],
      [
        ['storefront reads', '1,234'],
        ['pipelines', '12.5/min'],
      ],
    );

    // Assert
    const lines = table.split('\n');
    expect(lines).toEqual([
      '| family           |    req/s |',
      '|------------------|---------:|',
      '| storefront reads |    1,234 |',
      '| pipelines        | 12.5/min |',
    ]);
  });

  it('When a value is not a number, then the cell shows a dash; otherwise thousands are separated', () => {
    expect(num(NaN)).toBe('-');
    expect(num(undefined)).toBe('-');
    expect(num(1234.567, 1)).toBe('1,234.6');
  });

  it('When percentiles are taken, then they are nearest-rank over the sorted values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});
