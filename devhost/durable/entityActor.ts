import { randomUUID } from 'node:crypto';
import type { EntityDoc, EntityRequest, OutboxMessage } from './documents';
import type { Ack, EngineServices } from './engineServices';
import { EventType, historyEvent } from './historyEvents';
import { StoreConflictError } from './hubStore';

/** Operations handed to the entity function in one invocation (the extension batches too). */
const MAX_BATCH = 100;
/** Processed request ids remembered per entity, to drop a redelivered request. */
const RECENT_IDS = 500;

interface EntityResult {
  isError: boolean;
  result?: string;
}

interface EntityOutput {
  results: EntityResult[];
  signals: { target: { name: string; key: string }; name: string; input?: string }[];
  entityExists: boolean;
  entityState?: string;
}

/** `@<lowercased name>@<key>`, the scheduler id durable-functions uses for an entity. */
export function entityInstanceId(name: string, key: string): string {
  return `@${name.toLowerCase()}@${key}`;
}

export function parseEntityInstanceId(id: string): { name: string; key: string } | undefined {
  const match = /^@([^@]*)@(.*)$/s.exec(id);
  return match ? { name: match[1] ?? '', key: match[2] ?? '' } : undefined;
}

/**
 * One entity. Requests are applied one batch at a time, in arrival order, by invoking the entity
 * function with the batch protocol (state in, results + new state + signals out). The new state,
 * the ids of the requests it applied, and the responses/signals it owes are written in one
 * document write before anyone hears of them.
 */
export class EntityActor {
  doc: EntityDoc;
  etag: string | undefined;
  #pumping = false;
  #dirty = false;
  #acks: Ack[] = [];
  #effects: Array<() => void> = [];
  readonly #engine: EngineServices;
  readonly #functionName: string | undefined;

  constructor(
    engine: EngineServices,
    doc: EntityDoc,
    etag: string | undefined,
    functionName: string | undefined,
  ) {
    this.#engine = engine;
    this.doc = doc;
    this.etag = etag;
    this.#functionName = functionName;
  }

  static empty(engine: EngineServices, id: string, functionName: string | undefined): EntityActor {
    const parsed = parseEntityInstanceId(id) ?? { name: id, key: '' };
    const doc: EntityDoc = {
      id,
      kind: 'entity',
      name: parsed.name,
      key: parsed.key,
      exists: false,
      state: null,
      queue: [],
      recent: [],
      outbox: [],
      updatedAt: engine.host.clock.now(),
    };
    return new EntityActor(engine, doc, undefined, functionName);
  }

  get id(): string {
    return this.doc.id;
  }

  get isIdle(): boolean {
    return !this.#pumping && !this.#dirty && this.doc.queue.length === 0 && this.doc.outbox.length === 0;
  }

  resume(): void {
    for (const message of this.doc.outbox) this.#engine.route(message, this.doc.id);
    if (this.doc.queue.length > 0) this.pump();
  }

  deliver(request: EntityRequest, ack: Ack): void {
    if (this.doc.recent.includes(request.id)) {
      ack.resolve();
      return;
    }
    if (!this.doc.queue.some((r) => r.id === request.id)) this.doc.queue.push(request);
    this.#acks.push(ack);
    this.#dirty = true;
    this.pump();
  }

  outboxDelivered(msgId: string): void {
    const at = this.doc.outbox.findIndex((m) => m.msgId === msgId);
    if (at < 0) return;
    this.doc.outbox.splice(at, 1);
    this.#dirty = true;
    setTimeout(() => this.pump(), 200).unref();
  }

  pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    void this.#run()
      .catch((err: unknown) =>
        this.#engine.host.log('error', `durable: ${this.id} stopped on an engine error: ${String(err)}`),
      )
      .finally(() => {
        this.#pumping = false;
        if (this.doc.queue.length > 0 || this.#dirty) this.pump();
        else if (this.isIdle) this.#engine.idle(this.id);
      });
  }

  async #run(): Promise<void> {
    for (;;) {
      if (this.doc.queue.length > 0) await this.#processBatch();
      if (!this.#dirty) return;
      if (!(await this.#flush())) return;
    }
  }

  async #processBatch(): Promise<void> {
    const d = this.doc;
    const batch = d.queue.slice(0, MAX_BATCH);
    const now = this.#engine.host.clock.now();
    let output: EntityOutput;
    if (!this.#functionName) {
      output = {
        results: batch.map(() => ({
          isError: true,
          result: JSON.stringify(`The entity '${d.name}' is not registered.`),
        })),
        signals: [],
        entityExists: d.exists,
        ...(d.state !== null ? { entityState: d.state } : {}),
      };
    } else {
      try {
        output = (await this.#engine.host.invoke(this.#functionName, {
          self: { name: d.name, key: d.key },
          exists: d.exists,
          state: d.state,
          batch: batch.map((r) => ({ name: r.op, input: r.input, isSignal: r.signal })),
        })) as EntityOutput;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        output = {
          results: batch.map(() => ({ isError: true, result: JSON.stringify(message) })),
          signals: [],
          entityExists: d.exists,
          ...(d.state !== null ? { entityState: d.state } : {}),
        };
      }
    }
    d.queue.splice(0, batch.length);
    d.exists = output.entityExists;
    d.state = output.entityExists && output.entityState !== undefined ? output.entityState : null;
    d.updatedAt = now;
    d.recent.push(...batch.map((r) => r.id));
    if (d.recent.length > RECENT_IDS) d.recent.splice(0, d.recent.length - RECENT_IDS);
    this.#dirty = true;

    batch.forEach((request, i) => {
      if (request.signal || !request.parent) return;
      const result = output.results[i] ?? { isError: true, result: JSON.stringify('no result') };
      const response = {
        result: result.result ?? 'null',
        ...(result.isError ? { exceptionType: 'Error' } : {}),
      };
      this.#send({
        msgId: randomUUID(),
        kind: 'event',
        to: request.parent,
        ...(request.parentExecution ? { toExecutionId: request.parentExecution } : {}),
        event: historyEvent(EventType.EventRaised, new Date(now).toISOString(), {
          Name: request.id,
          Input: JSON.stringify(response),
        }),
        dedupKey: `ent:${request.id}`,
      });
    });
    for (const signal of output.signals ?? []) {
      this.#send({
        msgId: randomUUID(),
        kind: 'entityRequest',
        to: entityInstanceId(signal.target.name, signal.target.key),
        request: {
          id: randomUUID(),
          op: signal.name,
          input: signal.input ? signal.input : null,
          signal: true,
        },
      });
    }
  }

  #send(message: OutboxMessage): void {
    this.doc.outbox.push(message);
    this.#effects.push(() => this.#engine.route(message, this.doc.id));
  }

  async #flush(): Promise<boolean> {
    const acks = this.#acks;
    const effects = this.#effects;
    this.#acks = [];
    this.#effects = [];
    this.#dirty = false;
    // As in InstanceActor.#flush: a retry that meets a conflict checks whether its own earlier
    // attempt was done (answer lost) before it treats the conflict as another writer's.
    const token = randomUUID();
    let uncertain = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const etag = this.etag;
        this.doc.writeToken = token;
        this.etag = await this.#engine.persist(this.doc, etag);
        break;
      } catch (err) {
        let failure: unknown = err;
        if (err instanceof StoreConflictError) {
          let landed: string | undefined;
          try {
            landed = uncertain ? await this.#engine.store.etagIfWrittenBy(this.doc.id, token) : undefined;
          } catch (readErr) {
            failure = readErr;
          }
          if (landed !== undefined) {
            this.etag = landed;
            break;
          }
          if (failure === err) {
            for (const ack of acks) ack.reject(err);
            this.#engine.reload(this.doc.id);
            return false;
          }
        } else uncertain = true;
        this.#engine.host.log(
          'warn',
          `durable: writing ${this.doc.id} failed (${String(failure)}); retrying`,
        );
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      }
    }
    for (const effect of effects) effect();
    for (const ack of acks) ack.resolve();
    return true;
  }
}
