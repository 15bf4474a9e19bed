import { failingPointers, writeIssues, writePointers } from '../../../support/sectionChecks';

describe('supplemental-content section', () => {
  it('When keyUsageScenario refers to an asset, then the write is accepted and the section complete', () => {
    expect(writeIssues('supplemental-content', { keyUsageScenario: 'key-usage-1' })).toEqual([]);
    expect(failingPointers('supplemental-content', { keyUsageScenario: 'key-usage-1' })).toEqual([]);
  });

  it('When keyUsageScenario is missing, then the section is incomplete', () => {
    expect(failingPointers('supplemental-content', {})).toEqual(['/keyUsageScenario']);
  });

  it('When keyUsageScenario is not an asset id, then the write is refused', () => {
    for (const bad of ['Key_Usage.pdf', '-abc', '', 'a'.repeat(82)]) {
      expect(writePointers('supplemental-content', { keyUsageScenario: bad })).toEqual(['/keyUsageScenario']);
    }
    expect(writeIssues('supplemental-content', { keyUsageScenario: 'a'.repeat(81) })).toEqual([]);
  });

  it('When an unknown field is sent, then the write is refused', () => {
    expect(writePointers('supplemental-content', { keyUsageScenario: 'k', notes: 'x' })).toEqual(['/notes']);
  });
});
