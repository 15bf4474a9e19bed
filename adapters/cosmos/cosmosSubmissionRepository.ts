import { BulkOperationType, type Container, type JSONObject, type OperationInput } from '@azure/cosmos';
import type { SubmissionRepository } from '../../domain/publishing/publishingStores';
import type { Submission } from '../../domain/publishing/Submission';
import { isInFlight } from '../../domain/publishing/submissionStates';

/**
 * Documents of the `submissions` container (partition key `/offerId`):
 * - `submission` (id = submission id): the submission with its snapshot and timeline;
 * - `inFlight` (id `inflight:<accountId>`): exists while the offer has a submission in flight.
 *   It is created in the same batch as the submission, so two concurrent submits cannot both
 *   succeed (the second create is a 409), and deleted in the batch that ends the submission.
 */
interface SubmissionDocument extends Omit<Submission, 'etag'> {
  id: string;
  type: 'submission';
  _etag?: string;
}

const inFlightId = (accountId: string): string => `inflight:${accountId}`;

export class CosmosSubmissionRepository implements SubmissionRepository {
  constructor(private readonly container: Container) {}

  async createInFlight(submission: Omit<Submission, 'etag'>): Promise<{ created: Submission } | { inFlight: string }> {
    const doc: SubmissionDocument = { ...submission, id: submission.submissionId, type: 'submission' };
    const marker = {
      id: inFlightId(submission.accountId),
      type: 'inFlight',
      offerId: submission.offerId,
      accountId: submission.accountId,
      submissionId: submission.submissionId,
    };
    const operations: OperationInput[] = [
      { operationType: BulkOperationType.Create, partitionKey: submission.offerId, resourceBody: marker },
      { operationType: BulkOperationType.Create, partitionKey: submission.offerId, resourceBody: doc as unknown as JSONObject },
    ];
    const { result } = await this.container.items.batch(operations, submission.offerId);
    const statuses = (result ?? []).map((r) => r.statusCode);
    if (statuses[0] === 409) {
      const { resource } = await this.container.item(marker.id, submission.offerId).read<{ submissionId?: string }>();
      return { inFlight: resource?.submissionId ?? 'unknown' };
    }
    assertBatchSucceeded(statuses);
    const created = await this.get(submission.accountId, submission.offerId, submission.submissionId);
    if (!created) throw new Error(`Submission ${submission.submissionId} vanished after its creation`);
    return { created };
  }

  async get(accountId: string, offerId: string, submissionId: string): Promise<Submission | undefined> {
    const { resource } = await this.container.item(submissionId, offerId).read<SubmissionDocument>();
    if (!resource || resource.type !== 'submission' || resource.accountId !== accountId) return undefined;
    return toSubmission(resource);
  }

  /** Finds a submission by id alone (a cross-partition query): for callbacks that name only the id. */
  async findById(submissionId: string): Promise<Submission | undefined> {
    const { resources } = await this.container.items
      .query<SubmissionDocument>({
        query: "SELECT * FROM c WHERE c.id = @id AND c.type = 'submission'",
        parameters: [{ name: '@id', value: submissionId }],
      })
      .fetchAll();
    return resources[0] ? toSubmission(resources[0]) : undefined;
  }

  async list(accountId: string, offerId: string): Promise<Submission[]> {
    const { resources } = await this.container.items
      .query<SubmissionDocument>(
        {
          query:
            "SELECT * FROM c WHERE c.type = 'submission' AND c.accountId = @accountId AND c.offerId = @offerId ORDER BY c.submittedAt DESC",
          parameters: [
            { name: '@accountId', value: accountId },
            { name: '@offerId', value: offerId },
          ],
        },
        { partitionKey: offerId },
      )
      .fetchAll();
    return resources.map(toSubmission);
  }

  async replace(next: Omit<Submission, 'etag'>, expectedEtag: string): Promise<{ ok: Submission } | { stale: true }> {
    const doc: SubmissionDocument = { ...next, id: next.submissionId, type: 'submission' };
    const operations: OperationInput[] = [
      {
        operationType: BulkOperationType.Replace,
        partitionKey: next.offerId,
        id: doc.id,
        ifMatch: expectedEtag,
        resourceBody: doc as unknown as JSONObject,
      },
    ];
    if (!isInFlight(next.state)) {
      operations.push({ operationType: BulkOperationType.Delete, partitionKey: next.offerId, id: inFlightId(next.accountId) });
    }
    const { result } = await this.container.items.batch(operations, next.offerId);
    const statuses = (result ?? []).map((r) => r.statusCode);
    if (statuses[0] === 412) return { stale: true };
    if (statuses[1] === 404) {
      // The marker was gone already (released by an earlier run of the same step): replace alone.
      try {
        const { resource } = await this.container
          .item(doc.id, next.offerId)
          .replace<SubmissionDocument>(doc, { accessCondition: { type: 'IfMatch', condition: expectedEtag } });
        if (!resource) throw new Error('no resource');
        return { ok: toSubmission(resource) };
      } catch (err) {
        if ((err as { code?: number }).code === 412) return { stale: true };
        throw err;
      }
    }
    assertBatchSucceeded(statuses);
    const stored = (result ?? [])[0]?.resourceBody as unknown as SubmissionDocument | undefined;
    if (stored?._etag) return { ok: toSubmission(stored) };
    const reread = await this.get(next.accountId, next.offerId, next.submissionId);
    if (!reread) throw new Error(`Submission ${next.submissionId} vanished`);
    return { ok: reread };
  }
}

function toSubmission(doc: SubmissionDocument): Submission {
  // Drop the document id, type and Cosmos DB's system properties (_etag, _ts, ...).
  const entries = Object.entries(doc).filter(([key]) => key !== 'id' && key !== 'type' && !key.startsWith('_'));
  const rest = Object.fromEntries(entries) as unknown as Omit<Submission, 'etag'>;
  return { ...rest, steps: doc.steps ?? [], etag: doc._etag ?? '' };
}

function assertBatchSucceeded(statuses: readonly number[]): void {
  const failed = statuses.findIndex((s) => s >= 400);
  if (failed >= 0 || statuses.length === 0) {
    throw new Error(`Cosmos DB batch failed at operation ${failed} with status ${statuses[failed] ?? 'none'}`);
  }
}
