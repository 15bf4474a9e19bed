import {
  BulkOperationType,
  type Container,
  type JSONObject,
  type OperationInput,
  type OperationResponse,
} from '@azure/cosmos';
import { judgeMarker, type MarkerVerdict } from '../../domain/testdrive/oneSessionPerCustomer';
import type { TestDriveSession } from '../../domain/testdrive/TestDriveSession';

interface MarkerDocument {
  id: string;
  kind: 'customerMarker';
  listingId: string;
  customerId: string;
  sessionId: string;
  takenAt: string;
  _etag?: string;
}

type Starter = Pick<TestDriveSession, 'listingId' | 'sessionId' | 'customer' | 'requestedAt'>;
type Refusal = Exclude<MarkerVerdict, 'takeOver'>;

const codeOf = (err: unknown): number | undefined => (err as { code?: number }).code;

/**
 * The marker's id: one per customer in the listing's partition. Cosmos DB ids may not contain
 * `/ \ ? #`; a customer id is a token's `oid`/`sub`, so it is percent-encoded (reversibly).
 */
export const customerMarkerDocId = (customerId: string): string => `active:${encodeURIComponent(customerId)}`;

/**
 * The marker a start holds from before its capacity reservation until its session is stored.
 * Every batch that stores the session puts `guard()` first: a conditional replace (If-Match) of
 * the marker, so the session is written only while this start still holds it (a start taken
 * over after `START_CUT_OFF_MS` writes nothing). The local Cosmos DB stand-in does not roll a
 * failed batch back, so the guard may have been applied although a later operation failed:
 * `settle` keeps the new ETag then (real Cosmos DB reports 424 for it and keeps the old one).
 */
export class HeldMarker {
  /** Set when a batch found the marker changed or gone: another start of this customer took it over. */
  lost = false;

  constructor(
    private readonly doc: MarkerDocument,
    private etag: string,
  ) {}

  guard(): OperationInput {
    return {
      operationType: BulkOperationType.Replace,
      id: this.doc.id,
      resourceBody: this.doc as unknown as JSONObject,
      ifMatch: this.etag,
      // The local stand-in reads each replace's partition key from the operation itself.
      partitionKey: this.doc.listingId,
    };
  }

  /** Takes note of the guard's outcome (`result[0]` of the batch); false when the marker was lost. */
  settle(response: OperationResponse | undefined): boolean {
    const status = response?.statusCode ?? 0;
    if (status === 412 || status === 404) this.lost = true;
    else if (status >= 200 && status < 300 && response?.eTag) this.etag = response.eTag;
    return !this.lost;
  }
}

/**
 * Markers of "one session per customer and offer" (domain/testdrive/oneSessionPerCustomer.ts)
 * in the `testDrives` container (partition = listing), next to sessions and slots: taking one is
 * one create, which Cosmos DB refuses (409) for a second start of the same customer; freeing it
 * is a delete conditional on its ETag, only by the session it names.
 */
export class CosmosCustomerMarkers {
  constructor(
    private readonly container: Container,
    private readonly sessionOf: (
      listingId: string,
      sessionId: string,
    ) => Promise<TestDriveSession | undefined>,
  ) {}

  /**
   * Takes the customer's marker for `start` (creating it, or taking over one left behind), or
   * says why not. "Now" is the start's `requestedAt` (the request's clock).
   */
  async take(start: Starter): Promise<{ held: HeldMarker } | Refusal> {
    const doc: MarkerDocument = {
      id: customerMarkerDocId(start.customer.customerId),
      kind: 'customerMarker',
      listingId: start.listingId,
      customerId: start.customer.customerId,
      sessionId: start.sessionId,
      takenAt: start.requestedAt,
    };
    const item = this.container.item(doc.id, doc.listingId);
    // Bounded: each round loses only to another start of this same customer changing the marker.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const { resource } = await this.container.items.create(doc);
        return { held: new HeldMarker(doc, resource?._etag ?? '') };
      } catch (err) {
        if (codeOf(err) !== 409) throw err;
      }
      const { resource: found } = await item.read<MarkerDocument>();
      if (!found) continue;
      const verdict = judgeMarker(
        found,
        await this.sessionOf(found.listingId, found.sessionId),
        Date.parse(start.requestedAt),
      );
      if (verdict !== 'takeOver') return verdict;
      try {
        const { resource } = await item.replace(doc, {
          accessCondition: { type: 'IfMatch', condition: found._etag ?? '' },
        });
        return { held: new HeldMarker(doc, resource?._etag ?? '') };
      } catch (err) {
        const code = codeOf(err);
        if (code !== 412 && code !== 404) throw err;
      }
    }
    return this.refusal(start);
  }

  /** Why a start that lost its marker (or could not get it) is refused, from the marker now in place. */
  async refusal(start: Starter): Promise<Refusal> {
    const { resource: found } = await this.container
      .item(customerMarkerDocId(start.customer.customerId), start.listingId)
      .read<MarkerDocument>();
    if (found && found.sessionId !== start.sessionId) {
      const verdict = judgeMarker(
        found,
        await this.sessionOf(found.listingId, found.sessionId),
        Date.parse(start.requestedAt),
      );
      if (verdict !== 'takeOver') return verdict;
    }
    // Changing hands right now (or left behind just now): asking again shortly settles it.
    return { alreadyStarting: { retryAfterSeconds: 1 } };
  }

  /**
   * Frees the marker if it is still `session`'s (idempotent: gone, or taken over by a later
   * start after this session ended, is left alone).
   */
  async free(session: Pick<TestDriveSession, 'listingId' | 'sessionId' | 'customer'>): Promise<void> {
    const item = this.container.item(customerMarkerDocId(session.customer.customerId), session.listingId);
    const { resource } = await item.read<MarkerDocument>();
    if (!resource || resource.sessionId !== session.sessionId) return;
    try {
      await item.delete({ accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } });
    } catch (err) {
      const code = codeOf(err);
      if (code !== 404 && code !== 412) throw err;
    }
  }
}
