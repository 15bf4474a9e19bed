import { completePropertiesWrite, without } from '../../../support/offerFixtures';
import { failingPointers, writeIssues, writePointers } from '../../../support/sectionChecks';

const props = (over: Record<string, unknown>) => ({ ...completePropertiesWrite(), ...over });

describe('properties section: write rules', () => {
  it('When the complete fixture or an empty body is written, then it is accepted', () => {
    expect(writeIssues('properties', completePropertiesWrite())).toEqual([]);
    expect(writeIssues('properties', {})).toEqual([]);
  });

  it('When 3 categories are chosen, then accepted; when 4, then refused with the limit', () => {
    expect(writeIssues('properties', { categories: ['analytics', 'sales', 'finance'] })).toEqual([]);
    expect(writeIssues('properties', { categories: ['analytics', 'sales', 'finance', 'marketing'] })).toEqual(
      [{ pointer: '/categories', code: 'tooMany', message: 'categories must have at most 3 items (got 4)' }],
    );
  });

  it('When a category is not in the list or repeated, then the write is refused at that item', () => {
    expect(writeIssues('properties', { categories: ['analytics', 'gaming'] })).toEqual([
      expect.objectContaining({ pointer: '/categories/1', code: 'notInList' }),
    ]);
    expect(writeIssues('properties', { categories: ['sales', 'sales'] })).toEqual([
      expect.objectContaining({ pointer: '/categories/1', code: 'duplicate' }),
    ]);
  });

  it('When 2 industries with 2 verticals each are chosen, then accepted; a third industry or vertical is refused', () => {
    const two = [
      { industry: 'healthcare', verticals: ['health-payor', 'health-provider'] },
      { industry: 'education', verticals: ['higher-education'] },
    ];
    expect(writeIssues('properties', { industries: two })).toEqual([]);
    expect(writePointers('properties', { industries: [...two, { industry: 'automotive' }] })).toEqual([
      '/industries',
    ]);
    expect(
      writePointers('properties', {
        industries: [
          { industry: 'healthcare', verticals: ['health-payor', 'health-provider', 'pharmaceuticals'] },
        ],
      }),
    ).toEqual(['/industries/0/verticals']);
  });

  it('When a vertical belongs to another industry, then it is refused; the same vertical id is valid under its own industry', () => {
    expect(
      writeIssues('properties', { industries: [{ industry: 'healthcare', verticals: ['retailers'] }] }),
    ).toEqual([expect.objectContaining({ pointer: '/industries/0/verticals/0', code: 'notInList' })]);
    expect(
      writeIssues('properties', {
        industries: [{ industry: 'agriculture', verticals: ['other-unsegmented'] }],
      }),
    ).toEqual([]);
  });

  it('When an industry is unknown or repeated, then the write is refused', () => {
    expect(writePointers('properties', { industries: [{ industry: 'mining' }] })).toEqual([
      '/industries/0/industry',
    ]);
    expect(
      writeIssues('properties', { industries: [{ industry: 'healthcare' }, { industry: 'healthcare' }] }),
    ).toEqual([expect.objectContaining({ pointer: '/industries/1', code: 'duplicate' })]);
  });

  it('When an applicable product is not a Dynamics 365 product of the list, then the write is refused', () => {
    expect(writePointers('properties', { applicableProducts: ['sales', 'excel'] })).toEqual([
      '/applicableProducts/1',
    ]);
  });

  it('When appVersion is dotted numeric, then accepted; otherwise refused', () => {
    for (const ok of ['1', '1.0', '1.0.0.0', '10.20.30.40'])
      expect(writeIssues('properties', { appVersion: ok })).toEqual([]);
    for (const bad of ['v1.0', '1.0.0.0.0', '1..0', '1.0-beta', '']) {
      expect(writePointers('properties', { appVersion: bad })).toEqual(['/appVersion']);
    }
  });

  it('When termsOfUse has 10,000 characters, then accepted; 10,001, then refused', () => {
    expect(writeIssues('properties', { termsOfUse: 'x'.repeat(10_000) })).toEqual([]);
    expect(writeIssues('properties', { termsOfUse: 'x'.repeat(10_001) })).toEqual([
      {
        pointer: '/termsOfUse',
        code: 'tooLong',
        message: 'termsOfUse must be at most 10000 characters (got 10001)',
      },
    ]);
  });

  it('When termsOfUse is a URL, then it must be a valid absolute URL', () => {
    expect(writeIssues('properties', { termsOfUse: 'https://contoso.example/terms' })).toEqual([]);
    expect(writeIssues('properties', { termsOfUse: 'https://' })).toEqual([
      expect.objectContaining({ pointer: '/termsOfUse', code: 'invalidFormat' }),
    ]);
  });

  it('When booleans are given as strings, then the write is refused', () => {
    expect(writePointers('properties', { useStandardContract: 'true', marketingOnlyChange: 1 })).toEqual([
      '/marketingOnlyChange',
      '/useStandardContract',
    ]);
  });
});

describe('properties section: completeness', () => {
  it('When the complete fixture is stored, then properties is complete', () => {
    expect(failingPointers('properties', completePropertiesWrite())).toEqual([]);
  });

  it('When nothing is set, then categories, applicableProducts, appVersion and termsOfUse fail', () => {
    expect(failingPointers('properties', {})).toEqual([
      '/categories',
      '/applicableProducts',
      '/appVersion',
      '/termsOfUse',
    ]);
  });

  it('When there is 1 category, then complete; 0 categories, then incomplete', () => {
    expect(failingPointers('properties', props({ categories: ['sales'] }))).toEqual([]);
    expect(failingPointers('properties', props({ categories: [] }))).toEqual(['/categories']);
  });

  it('When industries are absent, then properties is still complete (industries are optional)', () => {
    const rest = without(completePropertiesWrite(), 'industries');
    expect(failingPointers('properties', rest)).toEqual([]);
  });

  it('When useStandardContract is false, then termsOfUse is required; with terms, complete', () => {
    expect(failingPointers('properties', props({ useStandardContract: false }))).toEqual(['/termsOfUse']);
    expect(
      failingPointers('properties', props({ useStandardContract: false, termsOfUse: 'Our terms.' })),
    ).toEqual([]);
    expect(failingPointers('properties', props({ useStandardContract: false, termsOfUse: '   ' }))).toEqual([
      '/termsOfUse',
    ]);
  });
});
