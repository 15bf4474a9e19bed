import { allowsInsecureConnection } from '../../../adapters/identity/insecureLocalEndpoint';

describe('allowsInsecureConnection', () => {
  it.each(['http://127.0.0.1:7075/', 'http://localhost:8081/', 'http://[::1]:7075/'])(
    'When the setting is on and the endpoint is loopback (%s), then plain HTTP is allowed',
    (endpoint) => {
      expect(allowsInsecureConnection({ ALLOW_INSECURE_LOCAL_ENDPOINTS: true }, endpoint)).toBe(true);
    },
  );

  it('When the endpoint is remote, then it is not allowed even with the setting on', () => {
    expect(
      allowsInsecureConnection(
        { ALLOW_INSECURE_LOCAL_ENDPOINTS: true },
        'http://contoso.communication.azure.com/',
      ),
    ).toBe(false);
    expect(
      allowsInsecureConnection({ ALLOW_INSECURE_LOCAL_ENDPOINTS: true }, 'http://127.0.0.1.nip.io/'),
    ).toBe(false);
  });

  it('When the setting is off, then not even loopback is allowed', () => {
    expect(
      allowsInsecureConnection({ ALLOW_INSECURE_LOCAL_ENDPOINTS: false }, 'http://127.0.0.1:7075/'),
    ).toBe(false);
  });
});
