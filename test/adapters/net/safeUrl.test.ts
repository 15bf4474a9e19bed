import { blockedAddressReason } from '../../../adapters/net/blockedAddressReason';
import { assertSafeUrl, UnsafeUrlError, type Resolve } from '../../../adapters/net/safeUrl';

const strict = { allowLoopback: false };
const local = { allowLoopback: true };
const resolvesTo =
  (...addresses: string[]): Resolve =>
  () =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

describe('blockedAddressReason', () => {
  it.each([
    ['169.254.169.254', 'link-local'],
    ['168.63.129.16', 'wire server'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'CGNAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'unique local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'NAT64'],
    ['::', 'unspecified'],
  ])('When the address is %s, then it is refused (%s)', (address, why) => {
    expect(blockedAddressReason(address, true)).toContain(why);
  });

  it('When the address is loopback, then it is refused unless loopback is allowed', () => {
    for (const a of ['127.0.0.1', '127.5.5.5', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1']) {
      expect(blockedAddressReason(a, false)).toBe('loopback');
      expect(blockedAddressReason(a, true)).toBeUndefined();
    }
  });

  it('When the address is public, then it is allowed', () => {
    for (const a of ['20.50.2.1', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '13.107.42.14']) {
      expect(blockedAddressReason(a, false)).toBeUndefined();
    }
  });

  it('When the string is not an IP address, then it is refused', () => {
    expect(blockedAddressReason('example.com', true)).toMatch(/not an IP/);
  });
});

describe('assertSafeUrl', () => {
  it('When a public https URL resolves to public addresses, then it is returned with them', async () => {
    const r = await assertSafeUrl('https://contoso.example/leads?sig=abc', strict, resolvesTo('20.50.2.1'));
    expect(r.addresses).toEqual(['20.50.2.1']);
    expect(r.url.hostname).toBe('contoso.example');
  });

  it('When a name resolves to the metadata address, then it is refused even with loopback allowed', async () => {
    await expect(
      assertSafeUrl('https://metadata.example/', local, resolvesTo('169.254.169.254')),
    ).rejects.toThrow(/169\.254\.169\.254/);
  });

  it('When any one of several addresses is private, then the URL is refused', async () => {
    await expect(
      assertSafeUrl('https://mixed.example/', strict, resolvesTo('20.50.2.1', '10.0.0.7')),
    ).rejects.toBeInstanceOf(UnsafeUrlError);
  });

  it('When the URL is an IP literal (v4 or v6) in a blocked range, then it is refused without DNS', async () => {
    const noDns: Resolve = () => Promise.reject(new Error('must not resolve'));
    await expect(assertSafeUrl('https://169.254.169.254/latest/meta-data', local, noDns)).rejects.toThrow(
      /link-local/,
    );
    await expect(assertSafeUrl('https://[::ffff:a9fe:a9fe]/', local, noDns)).rejects.toThrow(/link-local/);
    await expect(assertSafeUrl('https://[fe80::1]/', local, noDns)).rejects.toThrow(/link-local/);
  });

  it('When the scheme is not https, or the URL has user info or is relative, then it is refused', async () => {
    await expect(assertSafeUrl('http://contoso.example/', strict, resolvesTo('20.50.2.1'))).rejects.toThrow(
      /only https/,
    );
    await expect(
      assertSafeUrl('https://u:p@contoso.example/', strict, resolvesTo('20.50.2.1')),
    ).rejects.toThrow(/user info/);
    await expect(assertSafeUrl('/relative', strict)).rejects.toThrow(/absolute/);
  });

  it('When the host does not resolve, then it is refused', async () => {
    const fail: Resolve = () => Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }));
    await expect(assertSafeUrl('https://nowhere.example/', strict, fail)).rejects.toThrow(/ENOTFOUND/);
  });

  it('When localhost is resolved by the real resolver, then it is refused in Azure and allowed locally', async () => {
    await expect(assertSafeUrl('https://localhost:8443/', strict)).rejects.toThrow(/loopback/);
    await expect(assertSafeUrl('https://localhost:8443/', local)).resolves.toMatchObject({
      url: expect.any(URL),
    });
  });

  it('When a URL is refused, then the message leaves out its query (it may carry a signature)', async () => {
    const err = await assertSafeUrl('https://10.0.0.1/flow?sig=SECRET', strict).catch((e: unknown) => e);
    expect(String(err)).not.toContain('SECRET');
  });
});
