import { randomUUID } from 'node:crypto';

export interface InboxAddress {
  address: string;
  displayName?: string;
}

export interface InboxAttachment {
  name: string;
  contentType: string;
  contentInBase64: string;
  sizeBytes: number;
}

/** One message as the ACS send API received it, kept for tests and the developer to read. */
export interface InboxMessage {
  id: string;
  /** The send operation's id (what `operation-location` points to). */
  operationId: string;
  receivedAt: string;
  senderAddress: string;
  to: InboxAddress[];
  cc: InboxAddress[];
  bcc: InboxAddress[];
  replyTo: InboxAddress[];
  subject: string;
  plainText?: string;
  html?: string;
  headers: Record<string, string>;
  attachments: InboxAttachment[];
}

export type NewMessage = Omit<InboxMessage, 'id' | 'operationId' | 'receivedAt'>;

/**
 * Messages and send operations, in memory. A send is keyed by every idempotency token it
 * carried (the `Operation-Id` the caller chose, the repeatability id, the client request id
 * that the SDK keeps across its own retries), so a retried send returns the first operation
 * instead of storing the message twice.
 */
export class InboxStore {
  private readonly messages: InboxMessage[] = [];
  private readonly operations = new Map<string, InboxMessage>();
  private readonly byIdempotencyKey = new Map<string, InboxMessage>();

  /** Stores the message unless one of `idempotencyKeys` was seen; returns the (first) message. */
  accept(
    message: NewMessage,
    operationId: string | undefined,
    idempotencyKeys: string[],
  ): {
    message: InboxMessage;
    duplicate: boolean;
  } {
    for (const key of idempotencyKeys) {
      const seen = this.byIdempotencyKey.get(key);
      if (seen) return { message: seen, duplicate: true };
    }
    const stored: InboxMessage = {
      ...message,
      id: randomUUID(),
      operationId: operationId ?? randomUUID(),
      receivedAt: new Date().toISOString(),
    };
    this.messages.push(stored);
    this.operations.set(stored.operationId, stored);
    for (const key of idempotencyKeys) this.byIdempotencyKey.set(key, stored);
    return { message: stored, duplicate: false };
  }

  operation(operationId: string): InboxMessage | undefined {
    return this.operations.get(operationId);
  }

  get(id: string): InboxMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  /** Messages oldest first; `recipient` matches any of to/cc/bcc, case-insensitively. */
  list(recipient?: string): InboxMessage[] {
    if (!recipient) return [...this.messages];
    const wanted = recipient.toLowerCase();
    return this.messages.filter((m) =>
      [...m.to, ...m.cc, ...m.bcc].some((a) => a.address.toLowerCase() === wanted),
    );
  }

  clear(): void {
    this.messages.length = 0;
    this.operations.clear();
    this.byIdempotencyKey.clear();
  }
}
