import { createHash, randomUUID } from 'node:crypto';
import {
  BulkOperationType,
  ErrorResponse,
  type Container,
  type JSONObject,
  type OperationInput,
  type SqlQuerySpec,
} from '@azure/cosmos';
import { sectionNames, type SectionName } from '../../domain/offer/sectionNames';
import type {
  ConditionalResult,
  CreateOfferResult,
  OfferDraft,
  OfferRecord,
  OfferState,
  OfferStore,
  Page,
  PageRequest,
  SectionHistoryEntry,
  SectionRecord,
  SectionSnapshot,
  SectionWrite,
} from '../../domain/authoring/offerStore';
import { SectionVersionCache } from './sectionVersionCache';
import type { SecretStore } from '../secrets/secretStore';
import {
  historyDocumentId,
  offerDocumentId,
  offerDocumentSchemaVersion,
  sectionDocumentId,
  type OfferDocument,
  type SectionDocument,
  type SectionHistoryDocument,
  type SectionSecretDocument,
} from './offerDocuments';

/** A continuation token the caller sent that the database does not accept. */
export class InvalidContinuationTokenError extends Error {
  constructor() {
    super('The continuation token is not valid for this query');
    this.name = 'InvalidContinuationTokenError';
  }
}

/**
 * The authoring store on Cosmos DB: `offers` holds offers, sections and history (see
 * offerDocuments.ts), `offerSecrets` the sealed secrets. Cosmos DB types stay in this file.
 */
export class CosmosOfferStore implements OfferStore {
  private readonly sectionCache = new SectionVersionCache(10_000);

  constructor(
    private readonly offers: Container,
    private readonly secrets: Container,
    private readonly secretStore: SecretStore,
  ) {}

  async createOffer(input: {
    accountId: string;
    offerId: string;
    alias: string;
    createdAt: string;
    createdBy: string;
  }): Promise<CreateOfferResult> {
    const base = {
      accountId: input.accountId,
      offerId: input.offerId,
      schemaVersion: offerDocumentSchemaVersion,
      incarnation: randomUUID(),
    };
    const offer: OfferDocument = {
      ...base,
      id: offerDocumentId(input.offerId),
      type: 'offer',
      alias: input.alias,
      state: 'draft',
      createdAt: input.createdAt,
      createdBy: input.createdBy,
      everPublished: false,
      live: null,
    };
    const sections = sectionNames.map(
      (section): SectionDocument => ({
        ...base,
        id: sectionDocumentId(input.offerId, section),
        type: 'section',
        section,
        alias: input.alias,
        value: null,
        revision: 0,
        updatedAt: null,
        updatedBy: null,
        secretRefs: {},
      }),
    );
    // Each operation names the partition key too: the Cosmos DB stand-in reads it per operation.
    // The offer's create comes first: when the id is taken it fails and nothing else is written.
    // Sections are upserted so leftovers of an earlier offer with this id are reset.
    const operations: OperationInput[] = [
      { operationType: BulkOperationType.Create, partitionKey: input.accountId, resourceBody: asJson(offer) },
      ...sections.map(
        (doc): OperationInput => ({
          operationType: BulkOperationType.Upsert,
          partitionKey: input.accountId,
          resourceBody: asJson(doc),
        }),
      ),
    ];
    const { result } = await this.offers.items.batch(operations, input.accountId);
    const statuses = result ?? [];
    if (statuses[0]?.statusCode === 409) return { taken: true };
    assertBatchSucceeded(statuses.map((r) => r.statusCode));
    const stored = statuses.map((r) => r.resourceBody as unknown);
    return {
      created: {
        offer: toOfferRecord(stored[0] as OfferDocument),
        sections: new Map(
          stored.slice(1).map((doc) => {
            const record = toSectionRecord(doc as SectionDocument);
            return [record.section, record] as const;
          }),
        ),
      },
    };
  }

  async getDraft(accountId: string, offerId: string): Promise<OfferDraft | undefined> {
    // Point reads in parallel (1 RU each) rather than a query: cheaper in Cosmos DB and
    // independent of how many history documents the partition holds.
    const [offer, ...sectionDocs] = await Promise.all([
      this.readDocument<OfferDocument>(offerDocumentId(offerId), accountId),
      ...sectionNames.map((section) =>
        this.readDocument<SectionDocument>(sectionDocumentId(offerId, section), accountId),
      ),
    ]);
    if (offer === undefined) return undefined;
    const sections = new Map<SectionName, SectionRecord>();
    for (const doc of sectionDocs) {
      if (doc !== undefined && doc.incarnation === offer.incarnation) {
        const record = toSectionRecord(doc);
        this.sectionCache.remember(accountId, offerId, { alias: doc.alias, record });
        sections.set(doc.section, record);
      }
    }
    return { offer: toOfferRecord(offer), sections };
  }

  async getSection(
    accountId: string,
    offerId: string,
    section: SectionName,
    expectedEtag?: string,
  ): Promise<SectionSnapshot | undefined> {
    if (expectedEtag !== undefined) {
      const cached = this.sectionCache.lookup(accountId, offerId, section, expectedEtag);
      if (cached !== undefined) return cached;
    }
    const doc = await this.readDocument<SectionDocument>(sectionDocumentId(offerId, section), accountId);
    if (doc === undefined) return undefined;
    const snapshot = { alias: doc.alias, record: toSectionRecord(doc) };
    this.sectionCache.remember(accountId, offerId, snapshot);
    return snapshot;
  }

  private async readDocument<T extends object>(id: string, accountId: string): Promise<T | undefined> {
    const { resource } = await this.offers.item(id, accountId).read<T>();
    return resource;
  }

  async listOffers(
    accountId: string,
    filter: { state?: OfferState },
    page: PageRequest,
  ): Promise<Page<OfferRecord>> {
    const where = filter.state === undefined ? '' : ' AND c.state = @state';
    const result = await this.queryPage<OfferDocument>(
      accountId,
      {
        query: `SELECT * FROM c WHERE c.type = "offer"${where} ORDER BY c.createdAt DESC`,
        parameters: filter.state === undefined ? [] : [{ name: '@state', value: filter.state }],
      },
      page,
    );
    return { ...result, items: result.items.map(toOfferRecord) };
  }

  async deleteOffer(
    accountId: string,
    offerId: string,
    expectedEtag: string,
  ): Promise<ConditionalResult<true>> {
    // The incarnation being deleted: the clean-up below removes its documents only. An offer
    // created again with this id as soon as the offer document is gone is another incarnation,
    // and its sections must survive the clean-up of the old one.
    const current = await this.readDocument<OfferDocument>(offerDocumentId(offerId), accountId);
    if (current === undefined) return { failed: 'notFound' };
    if (current._etag !== expectedEtag) return { failed: 'stale' };
    const offerDoc = this.offers.item(offerDocumentId(offerId), accountId);
    try {
      await offerDoc.delete({ accessCondition: { type: 'IfMatch', condition: expectedEtag } });
    } catch (error) {
      if (statusOf(error) === 404) return { failed: 'notFound' };
      if (statusOf(error) === 412) return { failed: 'stale' };
      throw error;
    }
    // The offer is gone for every reader once its own document is; the rest is clean-up, and any
    // leftover is fenced off from a future offer with this id by its incarnation.
    await this.deleteWhere(this.offers, accountId, offerId, current.incarnation);
    await this.deleteWhere(this.secrets, accountId, offerId, current.incarnation);
    return { ok: true };
  }

  async saveSection(
    accountId: string,
    offerId: string,
    section: SectionName,
    write: SectionWrite,
  ): Promise<ConditionalResult<SectionRecord>> {
    // `previous` is the version the caller read; the conditional replace below guarantees it is
    // still current, so no read is needed here.
    const current = write.previous;
    const newSecretIds = await this.storeSecrets(
      { accountId, offerId, section, incarnation: current.incarnation },
      write.secrets,
      write.history.savedAt,
    );
    const next: SectionDocument = {
      id: sectionDocumentId(offerId, section),
      type: 'section',
      alias: write.alias,
      accountId,
      offerId,
      schemaVersion: offerDocumentSchemaVersion,
      incarnation: current.incarnation,
      section,
      value: write.value,
      revision: write.history.revision,
      updatedAt: write.history.savedAt,
      updatedBy: write.history.savedBy,
      secretRefs: { ...current.secretRefs, ...newSecretIds },
    };
    const history: SectionHistoryDocument = {
      id: historyDocumentId(offerId, current.incarnation, section, write.history.revision),
      type: 'sectionHistory',
      accountId,
      offerId,
      schemaVersion: offerDocumentSchemaVersion,
      incarnation: current.incarnation,
      section,
      revision: write.history.revision,
      savedAt: write.history.savedAt,
      savedBy: write.history.savedBy,
      changedFields: [...write.history.changedFields],
      value: write.history.value,
    };
    // The replace is conditional and first: when another save won, nothing of this one is written.
    const { result } = await this.offers.items.batch(
      [
        {
          operationType: BulkOperationType.Replace,
          partitionKey: accountId,
          id: next.id,
          ifMatch: write.previous.etag,
          resourceBody: asJson(next),
        },
        { operationType: BulkOperationType.Create, partitionKey: accountId, resourceBody: asJson(history) },
      ],
      accountId,
    );
    const statuses = (result ?? []).map((r) => r.statusCode);
    if (statuses[0] === 412 || statuses[0] === 404) {
      this.sectionCache.forget(accountId, offerId, section);
      await this.deleteSecretDocuments(accountId, Object.values(newSecretIds));
      return { failed: statuses[0] === 412 ? 'stale' : 'notFound' };
    }
    assertBatchSucceeded(statuses);
    const superseded = Object.keys(newSecretIds)
      .map((pointer) => current.secretRefs[pointer])
      .filter((id): id is string => id !== undefined);
    await this.deleteSecretDocuments(accountId, superseded);
    const saved = result![0]!.resourceBody as unknown as SectionDocument;
    const record = toSectionRecord(saved);
    this.sectionCache.remember(accountId, offerId, { alias: saved.alias, record });
    return { ok: record };
  }

  async listSectionHistory(
    accountId: string,
    offerId: string,
    section: SectionName,
    page: PageRequest,
  ): Promise<Page<SectionHistoryEntry> | undefined> {
    const { resource: offer } = await this.offers
      .item(offerDocumentId(offerId), accountId)
      .read<OfferDocument>();
    if (offer === undefined) return undefined;
    const result = await this.queryPage<SectionHistoryDocument>(
      accountId,
      {
        query:
          'SELECT * FROM c WHERE c.type = "sectionHistory" AND c.offerId = @offerId AND c.incarnation = @incarnation AND c.section = @section ORDER BY c.revision DESC',
        parameters: [
          { name: '@offerId', value: offerId },
          { name: '@incarnation', value: offer.incarnation },
          { name: '@section', value: section },
        ],
      },
      page,
    );
    return {
      ...result,
      items: result.items.map((doc) => ({
        section: doc.section,
        revision: doc.revision,
        savedAt: doc.savedAt,
        savedBy: doc.savedBy,
        changedFields: doc.changedFields,
        value: doc.value,
      })),
    };
  }

  /**
   * The plaintext secrets of a section, by JSON pointer, for the code that must use them
   * (provisioning a test drive, delivering leads). Never for an HTTP response.
   */
  async revealSectionSecrets(
    accountId: string,
    offerId: string,
    section: SectionName,
  ): Promise<Record<string, string>> {
    const { resource } = await this.offers
      .item(sectionDocumentId(offerId, section), accountId)
      .read<SectionDocument>();
    const revealed: Record<string, string> = {};
    if (resource === undefined) return revealed;
    for (const [pointer, id] of Object.entries(resource.secretRefs)) {
      const { resource: secret } = await this.secrets
        .item(id, accountId)
        .read<SectionSecretDocument>();
      if (secret === undefined || secret.incarnation !== resource.incarnation) continue;
      revealed[pointer] = await this.secretStore.open(
        secret.sealed,
        secretContext(accountId, offerId, section, pointer),
      );
    }
    return revealed;
  }

  /** Seals and stores each given secret as a new document; returns pointer -> document id. */
  private async storeSecrets(
    section: { accountId: string; offerId: string; section: SectionName; incarnation: string },
    secrets: Readonly<Record<string, string>>,
    createdAt: string,
  ): Promise<Record<string, string>> {
    const ids: Record<string, string> = {};
    await Promise.all(
      Object.entries(secrets).map(async ([pointer, plaintext]) => {
        const doc: SectionSecretDocument = {
          id: `secret:${section.offerId}:${section.section}:${randomUUID()}`,
          type: 'sectionSecret',
          accountId: section.accountId,
          offerId: section.offerId,
          schemaVersion: offerDocumentSchemaVersion,
          incarnation: section.incarnation,
          section: section.section,
          pointer,
          sealed: await this.secretStore.seal(
            plaintext,
            secretContext(section.accountId, section.offerId, section.section, pointer),
          ),
          createdAt,
        };
        await this.secrets.items.create(doc);
        ids[pointer] = doc.id;
      }),
    );
    return ids;
  }

  private async deleteSecretDocuments(accountId: string, ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => deleteIgnoringMissing(this.secrets, id, accountId)));
  }

  /**
   * Deletes the documents of one incarnation of an offer (and those that carry none, such as
   * assets), each only as it was when listed: a section id is reused by the next incarnation, whose
   * upsert changes the ETag, so the delete is refused (412) and the new section stays.
   */
  private async deleteWhere(container: Container, accountId: string, offerId: string, incarnation: string): Promise<void> {
    const ids = await queryAllIn<{ id: string; _etag: string }>(container, accountId, {
      query: 'SELECT c.id, c._etag FROM c WHERE c.offerId = @offerId AND (c.incarnation = @incarnation OR NOT IS_DEFINED(c.incarnation))',
      parameters: [
        { name: '@offerId', value: offerId },
        { name: '@incarnation', value: incarnation },
      ],
    });
    for (const { id, _etag } of ids) await deleteIgnoringMissing(container, id, accountId, _etag);
  }

  private async queryPage<T>(
    accountId: string,
    spec: SqlQuerySpec,
    page: PageRequest,
  ): Promise<Page<T>> {
    const scoped = scopedToAccount(spec, accountId);
    const fingerprint = queryFingerprint(scoped);
    const continuationToken =
      page.continuationToken === undefined ? undefined : openToken(page.continuationToken, fingerprint);
    try {
      const response = await this.offers.items
        .query<T>(scoped, { partitionKey: accountId, maxItemCount: page.pageSize, continuationToken })
        .fetchNext();
      const next = response.continuationToken;
      return {
        items: response.resources,
        ...(next ? { continuationToken: sealToken(next, fingerprint) } : {}),
      };
    } catch (error) {
      if (continuationToken !== undefined && statusOf(error) === 400) throw new InvalidContinuationTokenError();
      throw error;
    }
  }
}

/**
 * Continuation tokens handed to clients wrap the database's token with a fingerprint of the query
 * it belongs to (account, filter, section...), so a token is refused when it was not issued for
 * this very query, rather than silently paging something else.
 */
function sealToken(cosmosToken: string, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ q: fingerprint, c: cosmosToken }), 'utf8').toString('base64url');
}

function openToken(token: string, fingerprint: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { q?: unknown; c?: unknown };
    if (parsed.q === fingerprint && typeof parsed.c === 'string' && parsed.c !== '') return parsed.c;
  } catch {
    // falls through: not a token of ours
  }
  throw new InvalidContinuationTokenError();
}

function queryFingerprint(spec: SqlQuerySpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('base64url').slice(0, 16);
}

/** Binds a sealed secret to its place, so it cannot be moved to another offer or field. */
function secretContext(accountId: string, offerId: string, section: string, pointer: string): string {
  return `${accountId}/${offerId}/${section}${pointer}`;
}

async function queryAllIn<T>(container: Container, accountId: string, spec: SqlQuerySpec): Promise<T[]> {
  const { resources } = await container.items
    .query<T>(scopedToAccount(spec, accountId), { partitionKey: accountId })
    .fetchAll();
  return resources;
}

/**
 * Adds `c.accountId = @accountId` to a query's WHERE clause. The partition key option already
 * scopes the query in Cosmos DB; the explicit filter keeps one account from ever reading another's
 * documents even where a partition-scoped query is not honoured (the local stand-in).
 */
function scopedToAccount(spec: SqlQuerySpec, accountId: string): SqlQuerySpec {
  if (!/ WHERE /.test(spec.query)) throw new Error('Account-scoped queries must have a WHERE clause');
  return {
    query: spec.query.replace(' WHERE ', ' WHERE c.accountId = @accountId AND '),
    parameters: [...(spec.parameters ?? []), { name: '@accountId', value: accountId }],
  };
}

/** Deletes a document; one already gone, or (given `etag`) changed since it was read, is left alone. */
async function deleteIgnoringMissing(container: Container, id: string, accountId: string, etag?: string): Promise<void> {
  try {
    await container.item(id, accountId).delete(etag === undefined ? undefined : { accessCondition: { type: 'IfMatch', condition: etag } });
  } catch (error) {
    const status = statusOf(error);
    if (status !== 404 && !(etag !== undefined && status === 412)) throw error;
  }
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof ErrorResponse) return error.code as number | undefined;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function assertBatchSucceeded(statuses: readonly number[]): void {
  const failed = statuses.findIndex((s) => s >= 400);
  if (failed >= 0 || statuses.length === 0) {
    throw new Error(`Cosmos DB batch failed at operation ${failed} with status ${statuses[failed] ?? 'none'}`);
  }
}

/** Our documents are plain JSON by construction; the SDK's batch input wants that said. */
function asJson(doc: object): JSONObject {
  return doc as JSONObject;
}

function toOfferRecord(doc: OfferDocument): OfferRecord {
  return {
    accountId: doc.accountId,
    offerId: doc.offerId,
    alias: doc.alias,
    state: doc.state,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    everPublished: doc.everPublished,
    live: doc.live,
    etag: doc._etag ?? '',
  };
}

function toSectionRecord(doc: SectionDocument): SectionRecord {
  return {
    section: doc.section,
    value: doc.value,
    revision: doc.revision,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
    incarnation: doc.incarnation,
    secretRefs: doc.secretRefs,
    etag: doc._etag ?? '',
  };
}
