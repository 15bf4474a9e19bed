import type { Container } from '@azure/cosmos';
import type { CertificationCallback } from '../../domain/certification/certificationResult';

/** One accepted certification callback, stored before the orchestration is told about it. */
export interface InboxEntry {
  readonly webhookId: string;
  readonly submissionId: string;
  readonly receivedAt: string;
  readonly callback: CertificationCallback;
  /** Set once the result reached a waiting orchestration (or was found moot: unknown or finished submission). */
  readonly deliveredAt?: string;
  readonly outcome?: 'delivered' | 'unknownSubmission' | 'submissionFinished';
}

type InboxDocument = InboxEntry & { id: string; _etag?: string };

/**
 * The `certificationInbox` container (partition key `/submissionId`, id = webhook-id): the
 * document id makes a duplicate delivery (same webhook-id) a conflict, so it is recorded once.
 */
export class CosmosCertificationInbox {
  constructor(private readonly container: Container) {}

  /** Records a delivery; `duplicate` when this webhook-id was received before. */
  async record(entry: InboxEntry): Promise<'recorded' | 'duplicate'> {
    try {
      await this.container.items.create<InboxDocument>({ ...entry, id: entry.webhookId });
      return 'recorded';
    } catch (err) {
      if ((err as { code?: number }).code === 409) return 'duplicate';
      throw err;
    }
  }

  async markDelivered(entry: InboxEntry, outcome: NonNullable<InboxEntry['outcome']>, at: string): Promise<void> {
    await this.container.items.upsert<InboxDocument>({ ...entry, id: entry.webhookId, deliveredAt: at, outcome });
  }

  /** The newest accepted callback of a submission, delivered or not. */
  async latestFor(submissionId: string): Promise<InboxEntry | undefined> {
    const { resources } = await this.container.items
      .query<InboxDocument>(
        { query: 'SELECT * FROM c WHERE c.submissionId = @s ORDER BY c.receivedAt DESC', parameters: [{ name: '@s', value: submissionId }] },
        { partitionKey: submissionId },
      )
      .fetchAll();
    return resources[0] ? strip(resources[0]) : undefined;
  }

  /** Callbacks not yet delivered (for the reconciliation step), oldest first. */
  async undelivered(limit: number): Promise<InboxEntry[]> {
    const { resources } = await this.container.items
      .query<InboxDocument>({ query: 'SELECT * FROM c WHERE NOT IS_DEFINED(c.deliveredAt) ORDER BY c.receivedAt' })
      .fetchAll();
    return resources.slice(0, limit).map(strip);
  }
}

function strip(doc: InboxDocument): InboxEntry {
  // Drop the document id and Cosmos DB's system properties (_etag, _ts, ...).
  const entries = Object.entries(doc).filter(([key]) => key !== 'id' && !key.startsWith('_'));
  return Object.fromEntries(entries) as unknown as InboxEntry;
}
