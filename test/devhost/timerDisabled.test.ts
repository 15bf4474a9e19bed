import { timerDisabled } from '../../devhost/timers/timerScheduler';

describe('timerDisabled', () => {
  it('When AzureWebJobs.<name>.Disabled is true (dotted or, as on Linux, with underscores), then the timer is off; otherwise on', () => {
    expect(timerDisabled('topUp', { 'AzureWebJobs.topUp.Disabled': 'true' })).toBe(true);
    expect(timerDisabled('topUp', { AzureWebJobs_topUp_Disabled: '1' })).toBe(true);
    expect(timerDisabled('topUp', { 'AzureWebJobs.topUp.Disabled': ' TRUE ' })).toBe(true);
    expect(timerDisabled('topUp', { 'AzureWebJobs.topUp.Disabled': 'false' })).toBe(false);
    expect(timerDisabled('topUp', { 'AzureWebJobs.other.Disabled': 'true' })).toBe(false);
    expect(timerDisabled('topUp', {})).toBe(false);
  });
});
