import { createHash } from 'node:crypto';
import { getConfig } from '../../app/config';
import { emailClient } from './emailClient';

export interface OutgoingEmail {
  to: readonly string[];
  subject: string;
  text: string;
  /** Same key, same message: the ACS operation id is derived from it, so a retried activity does not send twice. */
  idempotencyKey: string;
  headers?: Record<string, string>;
}

/** Sends one plain-text e-mail through Azure Communication Services and waits until it is accepted. */
export async function sendEmail(message: OutgoingEmail): Promise<void> {
  if (message.to.length === 0) return;
  const poller = await emailClient().beginSend(
    {
      senderAddress: getConfig().EMAIL_SENDER_ADDRESS,
      recipients: { to: message.to.map((address) => ({ address })) },
      content: { subject: message.subject, plainText: message.text },
      ...(message.headers ? { headers: message.headers } : {}),
    },
    { operationId: uuidFrom(message.idempotencyKey) },
  );
  await poller.pollUntilDone();
}

/** A UUID-shaped id derived from a key (ACS wants a UUID as operation id). */
function uuidFrom(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
