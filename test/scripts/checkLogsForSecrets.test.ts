import { findLeaks, stackSecrets } from '../../scripts/checkLogsForSecrets';
import { fixtureSecrets } from '../support/fixtureSecrets';

const stack = {
  appSettings: {
    SECRETS_ENCRYPTION_KEY: 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=',
    COSMOS_KEY: 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
    CERTIFICATION_WEBHOOK_SECRETS: 'whsec_bG9jYWwtY2VydGlmaWNhdGlvbi13ZWJob29r',
    EMAIL_CONNECTION_STRING: 'endpoint=http://127.0.0.1:7075/;accesskey=bG9jYWwtaW5ib3gta2V5',
    COSMOS_ENDPOINT: 'http://127.0.0.1:8081/',
  },
  masterKey: 'master-key-abcdefgh',
  functionKey: 'function-key-abcdefgh',
};
const used = [...stackSecrets(stack), ...fixtureSecrets()];

const cleanLog = [
  '[host] [12:00:01.234] INFO  submitOffer (3f2a9c1b): {"level":"info","msg":"submitted","offerId":"o-1","submissionId":"s-1"}',
  '[host] [12:00:01.300] INFO  POST /api/offers/o-1/submissions 202 12ms',
  '[host] [12:00:02.000] ERROR x (1234abcd): {"msg":"failed","url":"https://a/c/b?sv=1&sig=[redacted]","auth":"Bearer [redacted]"}',
].join('\n');

describe('findLeaks', () => {
  it('When the log holds ids and redacted values only, then nothing is found', () => {
    expect(findLeaks(cleanLog, used)).toEqual([]);
  });

  it('When the fixtures are read, then their client secrets and connection strings are on the list', () => {
    const values = fixtureSecrets().map((s) => s.value);
    expect(values).toEqual(expect.arrayContaining(['test-drive-client-secret', 'lead-writer-client-secret']));
    expect(values.some((v) => v.includes('AccountKey='))).toBe(true);
  });

  it.each([
    [
      'the encryption key',
      `error: key ${stack.appSettings.SECRETS_ENCRYPTION_KEY} invalid`,
      'app setting secret',
    ],
    ['the Cosmos key', `cosmos auth ${stack.appSettings.COSMOS_KEY}`, 'app setting secret'],
    ['the e-mail access key alone', 'signing with bG9jYWwtaW5ib3gta2V5', 'app setting secret'],
    ['the host function key', 'GET /api/x?code=function-key-abcdefgh', 'host function key'],
    ['a fixture client secret', '{"appClientSecret":"test-drive-client-secret"}', 'offer fixture secret'],
    [
      'a SAS signature issued by the run',
      'upload to https://127.0.0.1:10000/devstoreaccount1/a/b?sv=2024&sig=q1w2e3r4t5y6u7i8%3D',
      'SAS signature (sig=)',
    ],
    ['a bearer token', 'Authorization: Bearer abcdefghij.klmnop', 'bearer token'],
    ['a JWT', 'token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln', 'JWT'],
    ['a webhook secret not on the list', 'whsec_c29tZW90aGVyc2VjcmV0', 'webhook secret (whsec_)'],
  ])('When a log line leaks %s, then the check fails and names it by line and kind', (_what, leak, kind) => {
    const log = `${cleanLog}\n[host] ${leak}\n[host] done`;
    const leaks = findLeaks(log, used);
    expect(leaks).toContainEqual({ line: 4, kind });
    expect(leaks.every((l) => l.line === 4)).toBe(true);
  });
});
