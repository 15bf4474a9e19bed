import { randomBytes } from 'node:crypto';
import { signWebhook, verifyWebhook } from '../../../domain/certification/webhookSignature';
import { leadSigningSecret } from '../../../domain/leads/leadSigningSecret';

describe('leadSigningSecret', () => {
  const root = randomBytes(32);
  const destination = {
    accountId: 'contoso',
    offerId: 'field-assist',
    httpsEndpointUrl: 'https://flow.example/trigger?sig=abc',
  };

  it('When derived twice for the same destination, then it is the same Standard Webhooks secret', () => {
    expect(leadSigningSecret(root, destination)).toBe(leadSigningSecret(root, { ...destination }));
    expect(leadSigningSecret(root, destination)).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });

  it('When the account, offer, endpoint URL or root key differ, then the secret differs', () => {
    const secrets = new Set([
      leadSigningSecret(root, destination),
      leadSigningSecret(root, { ...destination, accountId: 'fabrikam' }),
      leadSigningSecret(root, { ...destination, offerId: 'other' }),
      leadSigningSecret(root, { ...destination, httpsEndpointUrl: 'https://flow.example/trigger?sig=abd' }),
      leadSigningSecret(randomBytes(32), destination),
    ]);
    expect(secrets.size).toBe(5);
  });

  it('When a body is signed with the secret, then verifyWebhook accepts it with that secret only', () => {
    const secret = leadSigningSecret(root, destination);
    const now = Math.floor(Date.now() / 1000);
    const headers = signWebhook('lead_1', now, '{"a":1}', [secret]);
    expect(verifyWebhook(headers, '{"a":1}', [secret], now)).toMatchObject({ ok: true });
    expect(
      verifyWebhook(headers, '{"a":1}', [leadSigningSecret(root, { ...destination, offerId: 'x' })], now),
    ).toMatchObject({ ok: false });
  });
});
