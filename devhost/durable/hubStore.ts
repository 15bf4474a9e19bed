import {
  CosmosClient,
  type Container,
  type JSONObject,
  type OperationInput,
  type SqlParameter,
} from '@azure/cosmos';
import type { HubDoc, RuntimeStatus } from './documents';

/** A write lost an optimistic-concurrency race (the document changed or already exists). */
export class StoreConflictError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = 'StoreConflictError';
  }
}

export interface StatusFilter {
  createdFrom?: number;
  createdTo?: number;
  statuses?: RuntimeStatus[];
  instanceIdPrefix?: string;
}

/** What a status list or a purge needs of an instance, without its history. */
export interface InstanceSummary {
  id: string;
  name: string;
  status: RuntimeStatus;
  input: string | null;
  output: string | null;
  customStatus: string | null;
  createdAt: number;
  updatedAt: number;
  _etag?: string;
}

export interface StorePage<T> {
  items: T[];
  continuation?: string;
}

export interface StoreSettings {
  endpoint: string;
  key: string;
  database: string;
  container: string;
  /** Per request; the SDK's default (60 s) would let one hung request hold the engine's writes that long. */
  requestTimeoutMs?: number;
}

/**
 * The task hub in a Cosmos DB container (partition key `/id`: one logical partition per instance or
 * entity, so every write is a single-document write with `If-Match`). The engine relies only on
 * what the local stand-in and Cosmos DB both guarantee: conditional replace, create conflicts,
 * parameterised queries with continuation tokens. No batch atomicity, TTL or change feed.
 */
export class HubStore {
  readonly #client: CosmosClient;
  readonly #settings: StoreSettings;
  #container: Container | undefined;

  constructor(settings: StoreSettings) {
    this.#settings = settings;
    this.#client = new CosmosClient({
      endpoint: settings.endpoint,
      key: settings.key,
      connectionPolicy: {
        enableEndpointDiscovery: false,
        ...(settings.requestTimeoutMs ? { requestTimeout: settings.requestTimeoutMs } : {}),
      },
    });
  }

  async open(): Promise<void> {
    const { database } = await this.#client.databases.createIfNotExists({ id: this.#settings.database });
    const { container } = await database.containers.createIfNotExists({
      id: this.#settings.container,
      partitionKey: { paths: ['/id'] },
    });
    this.#container = container;
  }

  get #c(): Container {
    if (!this.#container) throw new Error('HubStore used before open()');
    return this.#container;
  }

  /**
   * The document's ETag if its last write carried `token`, else undefined. For a write that was
   * retried after an unknown outcome (timeout, reset, answer lost) and then met a conflict (412, or
   * 409 for a create): the conflict may be the earlier attempt itself, done by the store with its
   * answer lost. Read errors are thrown (the caller retries).
   */
  async etagIfWrittenBy(id: string, token: string): Promise<string | undefined> {
    const doc = await this.read(id);
    return doc && doc.writeToken === token && doc._etag ? doc._etag : undefined;
  }

  async read<T extends HubDoc>(id: string): Promise<T | undefined> {
    try {
      const { resource } = await this.#c.item(id, id).read<T>();
      return resource ?? undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  /** Creates the document; a document with the same id makes it throw StoreConflictError (409). */
  async create(doc: HubDoc): Promise<string> {
    const body = withoutEtag(doc);
    try {
      const { etag } = await this.#c.items.create(body);
      return etag;
    } catch (err) {
      if (statusOf(err) === 409) throw new StoreConflictError(`${doc.id} already exists`, 409);
      throw err;
    }
  }

  /** Replaces the document only if it still has `etag` (412 otherwise, as StoreConflictError). */
  async replace(doc: HubDoc, etag: string): Promise<string> {
    const body = withoutEtag(doc);
    try {
      const { etag: next } = await this.#c
        .item(doc.id, doc.id)
        .replace(body, { accessCondition: { type: 'IfMatch', condition: etag } });
      return next;
    } catch (err) {
      const status = statusOf(err);
      if (status === 412 || status === 404)
        throw new StoreConflictError(`${doc.id} changed (${status})`, status);
      throw err;
    }
  }

  /**
   * Writes several documents in one bulk request: each a create (no etag) or a replace with
   * `If-Match`. Bulk is not atomic, and need not be: every operation stands alone and reports its
   * own outcome (the new ETag, or StoreConflictError for 409/412/404, or a retryable error).
   */
  async writeMany(
    ops: ReadonlyArray<{ doc: HubDoc; etag: string | undefined }>,
  ): Promise<Array<string | Error>> {
    const results = await this.#c.items.bulk(
      ops.map(({ doc, etag }): OperationInput => {
        const resourceBody = withoutEtag(doc) as JSONObject;
        return etag === undefined
          ? { operationType: 'Create', resourceBody }
          : { operationType: 'Replace', id: doc.id, resourceBody, ifMatch: etag };
      }),
      { continueOnError: true },
    );
    return ops.map(({ doc }, i) => {
      const r = results[i];
      if (r && r.statusCode >= 200 && r.statusCode < 300 && r.eTag) return r.eTag;
      const status = r?.statusCode ?? 0;
      if (status === 409 || status === 412 || status === 404)
        return new StoreConflictError(`${doc.id}: ${status}`, status);
      return new Error(`bulk write of ${doc.id} answered ${status}`);
    });
  }

  /** Unconditional bulk upsert; used only by the benchmark to measure the store's raw bulk rate. */
  async upsertManyRaw(docs: Array<Record<string, unknown> & { id: string }>): Promise<void> {
    await this.#c.items.bulk(
      docs.map((doc): OperationInput => ({ operationType: 'Upsert', resourceBody: doc as JSONObject })),
    );
  }

  /** Unconditional write; used only by the benchmark to measure the store's raw write rate. */
  async upsertRaw(doc: Record<string, unknown> & { id: string }): Promise<void> {
    await this.#c.items.upsert(doc);
  }

  async delete(id: string, etag?: string): Promise<boolean> {
    try {
      await this.#c
        .item(id, id)
        .delete(etag ? { accessCondition: { type: 'IfMatch', condition: etag } } : undefined);
      return true;
    } catch (err) {
      const status = statusOf(err);
      if (status === 404 || status === 412) return false;
      throw err;
    }
  }

  /** Every document the engine must resume after a restart. */
  async *unfinished(terminal: readonly RuntimeStatus[]): AsyncGenerator<HubDoc> {
    const query = {
      query:
        'SELECT * FROM c WHERE (c.kind = "orchestration" AND NOT ARRAY_CONTAINS(@terminal, c.status)) ' +
        'OR ARRAY_LENGTH(c.outbox) > 0 OR (c.kind = "entity" AND ARRAY_LENGTH(c.queue) > 0)',
      parameters: [{ name: '@terminal', value: [...terminal] }],
    };
    const iterator = this.#c.items.query<HubDoc>(query, { maxItemCount: 200 });
    while (iterator.hasMoreResults()) {
      const { resources } = await iterator.fetchNext();
      for (const doc of resources) yield doc;
    }
  }

  async queryInstances(
    filter: StatusFilter,
    pageSize: number,
    continuation?: string,
  ): Promise<StorePage<InstanceSummary>> {
    const where: string[] = ['c.kind = "orchestration"'];
    const parameters: SqlParameter[] = [];
    if (filter.createdFrom !== undefined) {
      where.push('c.createdAt >= @from');
      parameters.push({ name: '@from', value: filter.createdFrom });
    }
    if (filter.createdTo !== undefined) {
      where.push('c.createdAt <= @to');
      parameters.push({ name: '@to', value: filter.createdTo });
    }
    if (filter.statuses && filter.statuses.length > 0) {
      where.push('ARRAY_CONTAINS(@statuses, c.status)');
      parameters.push({ name: '@statuses', value: filter.statuses });
    }
    if (filter.instanceIdPrefix) {
      where.push('STARTSWITH(c.id, @prefix)');
      parameters.push({ name: '@prefix', value: filter.instanceIdPrefix });
    }
    const query = {
      query:
        'SELECT c.id, c.name, c.status, c.input, c.output, c.customStatus, c.createdAt, c.updatedAt, c._etag ' +
        `FROM c WHERE ${where.join(' AND ')}`,
      parameters,
    };
    const iterator = this.#c.items.query<InstanceSummary>(query, {
      maxItemCount: pageSize,
      ...(continuation ? { continuationToken: continuation } : {}),
    });
    const { resources, continuationToken } = await iterator.fetchNext();
    return { items: resources, ...(continuationToken ? { continuation: continuationToken } : {}) };
  }
}

function withoutEtag(doc: HubDoc): Record<string, unknown> & { id: string } {
  const body: Record<string, unknown> & { id: string } = { ...doc };
  delete body['_etag'];
  return body;
}

function statusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    if (typeof err.code === 'number') return err.code;
  }
  return undefined;
}
