import { VerifiedTokenCache } from '../../../app/auth/verifiedTokenCache';

describe('VerifiedTokenCache', () => {
  let nowMs: number;
  const clock = (): number => nowMs;
  const exp = (secondsFromNow: number): number => Math.floor(nowMs / 1000) + secondsFromNow;

  beforeEach(() => {
    nowMs = 1_700_000_000_000;
  });

  it('When the same token is looked up before it expires, then the verified value is returned', () => {
    const cache = new VerifiedTokenCache<string>(10, 300_000, clock);
    cache.set('token-a', 'publisher-a', exp(3600));
    nowMs += 60_000;
    expect(cache.get('token-a')).toBe('publisher-a');
    expect(cache.get('token-b')).toBeUndefined();
  });

  it('When the token reaches its exp, then it is no longer answered (no clock tolerance)', () => {
    const cache = new VerifiedTokenCache<string>(10, 3_600_000, clock);
    cache.set('token-a', 'publisher-a', exp(120));
    nowMs += 119_000;
    expect(cache.get('token-a')).toBe('publisher-a');
    nowMs += 1_000;
    expect(cache.get('token-a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('When the maximum age passes before exp, then the token must be verified again', () => {
    const cache = new VerifiedTokenCache<string>(10, 300_000, clock);
    cache.set('token-a', 'publisher-a', exp(3600));
    nowMs += 299_999;
    expect(cache.get('token-a')).toBe('publisher-a');
    nowMs += 1;
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('When a token is already expired (accepted within clock tolerance), then it is not kept', () => {
    const cache = new VerifiedTokenCache<string>(10, 300_000, clock);
    cache.set('token-a', 'publisher-a', exp(-30));
    expect(cache.get('token-a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('When the cache is full, then the least recently used token goes first', () => {
    const cache = new VerifiedTokenCache<string>(2, 300_000, clock);
    cache.set('token-a', 'a', exp(3600));
    cache.set('token-b', 'b', exp(3600));
    expect(cache.get('token-a')).toBe('a');
    cache.set('token-c', 'c', exp(3600));
    expect(cache.size).toBe(2);
    expect(cache.get('token-b')).toBeUndefined();
    expect(cache.get('token-a')).toBe('a');
    expect(cache.get('token-c')).toBe('c');
  });
});
