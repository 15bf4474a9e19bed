import { createRedactor, isSensitiveKey, REDACTED } from '../../../app/telemetry/redact';

const redactor = createRedactor(['Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=']);

describe('createRedactor', () => {
  it.each([
    [
      'a SAS URL',
      'https://acct.blob.core.windows.net/c/b.zip?sv=2024-05-04&se=2030-01-01&sr=b&sp=r&sig=AbC%2Bd%2Fef%3D',
      'sig=AbC',
    ],
    ['a bearer header', 'request failed: Authorization: Bearer abc.def-ghi', 'abc.def-ghi'],
    ['a bare bearer token', 'sent Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', 'eyJhbGci'],
    ['a JWT alone', 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl here', 'eyJzdWIi'],
    ['a webhook secret', 'secrets whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw= configured', 'whsec_MfKQ'],
    [
      'a storage connection string',
      'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0a2V5PT0=;EndpointSuffix=x',
      'c2VjcmV0a2V5',
    ],
    [
      'an ACS connection string',
      'endpoint=http://127.0.0.1:7075/;accesskey=bG9jYWwtaW5ib3gta2V5',
      'bG9jYWwtaW5ib3gta2V5',
    ],
    [
      'an OAuth form',
      'grant_type=client_credentials&client_id=x&client_secret=s3cr3t-value&scope=y',
      's3cr3t-value',
    ],
    ['a function key in a URL', 'GET /api/x?code=local-function-key-123', 'local-function-key-123'],
    ['JSON text with a secret field', 'body {"appClientSecret":"td-secret-1","name":"x"}', 'td-secret-1'],
    ['a configured literal', 'key Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo= leaked', 'Zm9vYmFyYmF6'],
  ])('When text holds %s, then the secret is gone and the label stays', (_name, input, secret) => {
    const out = redactor.text(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it('When text holds no secret, then it is unchanged', () => {
    const text = 'submission s-1 of offer contoso-field-assist moved to certification (code 42, signed by x)';
    expect(redactor.text(text)).toBe(text);
  });

  it('When an object holds secrets by field name, then those values go and ids stay', () => {
    const out = redactor.value({
      offerId: 'o-1',
      headers: {
        Authorization: 'Basic dXNlcjpwYXNz',
        'x-functions-key': 'k-123456789',
        accept: 'application/json',
      },
      subscription: { appId: 'a', appClientSecret: 'td-client-secret', appClientSecretSet: true },
      connection: {
        applicationKey: 'lead-writer-secret',
        storageAccountConnectionString: 'UseDevelopmentStorage=true',
      },
      nested: [{ password: 'p4ssw0rd!' }],
      error: new Error('failed with Bearer abcdefghijkl'),
    });
    const json = JSON.stringify(out);
    for (const secret of [
      'dXNlcjpwYXNz',
      'k-123456789',
      'td-client-secret',
      'lead-writer-secret',
      'UseDevelopmentStorage',
      'p4ssw0rd!',
      'abcdefghijkl',
    ]) {
      expect(json).not.toContain(secret);
    }
    expect(out).toMatchObject({
      offerId: 'o-1',
      headers: { accept: 'application/json' },
      subscription: { appId: 'a', appClientSecretSet: true },
    });
  });

  it('When a value is circular, then it is cut instead of looping', () => {
    const a: Record<string, unknown> = { offerId: 'o' };
    a.self = a;
    expect(redactor.value(a)).toEqual({ offerId: 'o', self: '[…]' });
  });
});

describe('isSensitiveKey', () => {
  it('When a field names a credential, then it is sensitive; ids and flags are not', () => {
    expect(
      [
        'clientSecret',
        'client_secret',
        'Authorization',
        'COSMOS_KEY',
        'accessKey',
        'sig',
        'applicationKey',
        'appClientSecret',
        'connectionString',
      ].filter((k) => !isSensitiveKey(k)),
    ).toEqual([]);
    expect(['offerId', 'submissionId', 'partitionKey', 'name', 'state'].filter(isSensitiveKey)).toEqual([]);
  });
});
