import { randomUUID } from 'node:crypto';
import { EmailClient } from '@azure/communication-email';
import { inbox, stackInfo } from '../../support/stack';

const settings = (): Record<string, string> => stackInfo().appSettings;

function localEmailClient(connectionString = settings().EMAIL_CONNECTION_STRING ?? ''): EmailClient {
  return new EmailClient(connectionString, { allowInsecureConnection: true });
}

describe('E-mail inbox (ACS e-mail stand-in)', () => {
  it('When the real EmailClient sends, then the poller reports Succeeded and the message is in the inbox and on its page', async () => {
    const to = `buyer-${randomUUID().slice(0, 8)}@contoso.example`;
    const poller = await localEmailClient().beginSend({
      senderAddress: settings().EMAIL_SENDER_ADDRESS ?? '',
      content: { subject: 'Your offer was published', plainText: 'Hello', html: '<p>Hello <b>there</b></p>' },
      recipients: { to: [{ address: to, displayName: 'Buyer' }] },
    });
    const result = await poller.pollUntilDone();
    expect(result.status).toBe('Succeeded');

    const messages = await inbox().list(to);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      operationId: result.id,
      subject: 'Your offer was published',
      plainText: 'Hello',
      to: [{ address: to, displayName: 'Buyer' }],
    });
    expect(await inbox().get(messages[0]?.id ?? '')).toEqual(messages[0]);

    const page = await inbox().page();
    expect(page).toContain('Your offer was published');
    expect(page).toContain(to);
    expect(page).toContain('&#60;p&#62;Hello'); // the HTML body, escaped into a sandboxed iframe
  });

  it('When the same Operation-Id is sent twice, then the message is stored once', async () => {
    const to = `retry-${randomUUID().slice(0, 8)}@contoso.example`;
    const operationId = randomUUID();
    const message = {
      senderAddress: settings().EMAIL_SENDER_ADDRESS ?? '',
      content: { subject: 'Idempotent', plainText: 'once' },
      recipients: { to: [{ address: to }] },
    };
    const first = await (await localEmailClient().beginSend(message, { operationId })).pollUntilDone();
    const second = await (await localEmailClient().beginSend(message, { operationId })).pollUntilDone();
    expect(second.id).toBe(first.id);
    expect(await inbox().list(to)).toHaveLength(1);
  });

  it('When the access key is wrong, then the send is refused with 401 and nothing is stored', async () => {
    const to = `denied-${randomUUID().slice(0, 8)}@contoso.example`;
    const wrong = `endpoint=${stackInfo().urls.inbox};accesskey=${Buffer.from('wrong key').toString('base64')}`;
    await expect(
      localEmailClient(wrong).beginSend({
        senderAddress: settings().EMAIL_SENDER_ADDRESS ?? '',
        content: { subject: 'x', plainText: 'x' },
        recipients: { to: [{ address: to }] },
      }),
    ).rejects.toMatchObject({ statusCode: 401 });
    expect(await inbox().list(to)).toHaveLength(0);
  });
});
