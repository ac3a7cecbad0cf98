import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { DuplicateEventIdError } from '../duplicate-event-id.error';
import {
  ConcurrencyError,
  type AppendResult,
  type BatchHandler,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type Subscription,
  type SubscriptionOptions,
} from '../event-store.port';
import { satisfiesExpectedRevision } from '../expected-revision';
import { toPortAppendError } from './append-error.mapping';
import type { CheckpointStore } from './checkpoint-store';
import { fromRecordedEvent, toEventData } from './event-serialisation';
import { EventStoreDbSubscription } from './eventstoredb.subscription';
import { toEsdbExpectedRevision } from './expected-revision.mapping';
import { fromLogPosition } from './log-position';
import { LogScope } from './log-scope';

export type EventStoreDbEventStoreOptions = Readonly<{
  /** e.g. `esdb://localhost:2113?tls=false` (EVENTSTOREDB_URL). */
  connectionString: string;
  /** Consumers' checkpoints, kept in the read-model database. Closed with the store. */
  checkpoints: CheckpointStore;
  /**
   * Prefix of every stream this store writes and the only streams its `$all` shows; see LogScope.
   * Leave empty on a server this application owns.
   */
  namespace?: string;
}>;

/** Event store on EventStoreDB, server 22.6 or later; idempotency is the server's. Why: docs/decisions.md §25. */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private closed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly checkpoints: CheckpointStore,
    private readonly scope: LogScope,
  ) {}

  static open(options: EventStoreDbEventStoreOptions): EventStoreDbEventStore {
    const scope = new LogScope(options.namespace);
    return new EventStoreDbEventStore(
      EventStoreDBClient.connectionString(options.connectionString),
      options.checkpoints,
      scope,
    );
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedRevision: ExpectedRevision }>,
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision;
    if (events.length === 0) return this.checkWithoutWriting(streamId, expected);
    const revision = toEsdbExpectedRevision(expected);
    if (revision === null) return this.resolveConflict(streamId, events, expected, null);
    try {
      const result = await this.client.appendToStream(this.scope.serverStreamName(streamId), events.map(toEventData), {
        expectedRevision: revision,
      });
      // Read back rather than trust the reply's position: the reply to a multi-event or an
      // idempotent append does not document which event's position it carries.
      return await this.resultAt(streamId, Number(result.nextExpectedRevision));
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      return this.resolveConflict(streamId, events, expected, error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const read = this.client.readStream(this.scope.serverStreamName(streamId), {
      fromRevision: BigInt(options.fromRevision ?? 0),
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      direction: FORWARDS,
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) events.push(this.fromStreamRead(resolved, streamId));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0n;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    if (maxCount <= 0) return events;
    // `fromPosition` is inclusive, hence the `> after` test; the client's readAll takes no
    // server-side filter (6.2.1), so the scope's rule is applied here.
    await this.scan(this.client.readAll({ fromPosition: fromLogPosition(after), direction: FORWARDS }), (event) => {
      if (event.position > after) events.push(event);
      return events.length < maxCount;
    });
    return events;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    let head = 0n;
    await this.scan(this.client.readAll({ fromPosition: END, direction: BACKWARDS }), (event) => {
      head = event.position;
      return false;
    });
    return head;
  }

  subscribeToAll(options: SubscriptionOptions, handler: BatchHandler): Subscription {
    this.assertOpen();
    const subscription = new EventStoreDbSubscription(
      {
        headPosition: () => this.headPosition(),
        subscribe: (after) =>
          this.client.subscribeToAll({ fromPosition: fromLogPosition(after), filter: this.scope.subscriptionFilter() }),
        toRecordedEvent: (resolved) => this.fromAllRead(resolved),
      },
      options,
      handler,
    );
    this.subscriptions.add(subscription);
    void subscription.finished.finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  getCheckpoint(name: string): Promise<bigint | null> {
    return this.checkpoints.get(name);
  }

  storeCheckpoint(name: string, position: bigint): Promise<void> {
    return this.checkpoints.store(name, position);
  }

  /** Stops subscriptions (after their in-flight batch), then releases the connection and the checkpoint store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
    await this.checkpoints.close();
  }

  /** Feeds the in-scope events of a `$all` read to `next` until it returns false, then cancels the read. */
  private async scan(
    read: StreamingRead<AllStreamResolvedEvent>,
    next: (event: RecordedEvent) => boolean,
  ): Promise<void> {
    try {
      for await (const resolved of read) {
        const event = this.fromAllRead(resolved);
        if (event !== null && !next(event)) break;
      }
    } finally {
      await read.cancel();
    }
  }

  private fromAllRead(resolved: AllStreamResolvedEvent): RecordedEvent | null {
    const event = resolved.event;
    if (event === undefined || !this.scope.accepts(event.streamId, event.type)) return null;
    return fromRecordedEvent(event, this.scope.streamIdOf(event.streamId) ?? event.streamId);
  }

  private fromStreamRead(resolved: ResolvedEvent, streamId: string): RecordedEvent {
    if (resolved.event === undefined) throw new Error(`stream ${streamId}: a read returned a link without its event`);
    return fromRecordedEvent(resolved.event, streamId);
  }

  private async resultAt(streamId: string, revision: number): Promise<AppendResult> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (event === undefined)
      throw new Error(`stream ${streamId}: revision ${revision} was acknowledged but cannot be read`);
    return { revision, position: event.position };
  }

  /** An empty append writes nothing, but still answers whether the expected revision holds. */
  private async checkWithoutWriting(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const last = await this.lastEvent(streamId);
    const actual = last?.revision ?? null;
    if (!satisfiesExpectedRevision(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
    return { revision: actual ?? -1, position: last?.position ?? 0n };
  }

  private async lastEvent(streamId: string): Promise<RecordedEvent | undefined> {
    const read = this.client.readStream(this.scope.serverStreamName(streamId), {
      fromRevision: END,
      direction: BACKWARDS,
      maxCount: 1,
    });
    try {
      for await (const resolved of read) return this.fromStreamRead(resolved, streamId);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }

  /**
   * After the server refused an append (or a negative revision that can never match): an exact
   * retry of events already in the stream, in order, answers their original result; a partial
   * reuse of ids is a DuplicateEventIdError; anything else is the ConcurrencyError.
   */
  private async resolveConflict(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    refusal: WrongExpectedVersionError | null,
  ): Promise<AppendResult> {
    const stored = await this.readStream(streamId);
    const start = stored.findIndex((event) => event.eventId === events[0].eventId);
    if (start === -1) {
      const storedIds = new Set(stored.map((event) => event.eventId));
      const reused = events.find((event) => storedIds.has(event.eventId));
      if (reused !== undefined)
        throw new DuplicateEventIdError(streamId, reused.eventId, 'already exists at another revision');
      if (refusal !== null) throw toPortAppendError(refusal, streamId, expected);
      throw new ConcurrencyError(streamId, expected, stored.at(-1)?.revision ?? null);
    }
    events.forEach((event, index) => {
      if (stored[start + index]?.eventId !== event.eventId) {
        throw new DuplicateEventIdError(
          streamId,
          event.eventId,
          'breaks an exact retry of events already in the stream',
        );
      }
    });
    const last = stored[start + events.length - 1];
    return { revision: last.revision, position: last.position };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}
