import type { Pool, QueryArrayConfig } from 'pg';
import { assertSchemaName, openPool, quoteIdentifier } from '@crm/sql';
import type {
  AppendResult,
  BatchHandler,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscriptionOptions,
} from '../event-store.port';
import { DuplicateEventIdError } from '../duplicate-event-id.error';
import { AppendNotifier } from '../subscriptions/append-notifier';
import { DEFAULT_POLL_INTERVAL_MS, PollingSubscription } from '../subscriptions/polling-subscription';
import {
  repeatedEventId,
  toAppendGroupParams,
  toAppendOutcome,
  type AppendOutcomeRow,
  type PendingAppend,
} from './postgres.append-group';
import { RAW_TEXT } from './postgres.event-row';
import { PostgresTurnReads } from './postgres.turn-reads';
import { migrate } from './postgres.migrations';
import { NotificationListener } from './postgres.notification-listener';
import { SafeHeadWatcher } from './postgres.safe-head-watcher';
import { notificationChannel } from './postgres.notification-channel';

export type PostgresEventStoreOptions = Readonly<{
  connectionString: string;
  /** Schema holding the store's tables (created if missing); default `crm`. */
  schema?: string;
  /** Connections in the pool; default 10. The LISTEN connection comes on top. */
  poolSize?: number;
  /** Live subscriptions re-read at least this often, in case a notification was lost. Default 250 ms. */
  pollIntervalMs?: number;
  /** Most events committed in one group (an append larger than this goes alone). Default 1000. */
  maxGroupEvents?: number;
  /** Groups committing at once, each on its own connection, to overlap their commit flushes. Default 2. */
  maxGroupsInFlight?: number;
}>;

const DEFAULT_SCHEMA = 'crm';
const DEFAULT_POOL_SIZE = 10;
const DEFAULT_MAX_GROUP_EVENTS = 1000;
const DEFAULT_MAX_GROUPS_IN_FLIGHT = 2;
/** Retries of a whole group after a transient failure that says nothing about the appends in it. */
const MAX_GROUP_ATTEMPTS = 5;
/** deadlock_detected, serialization_failure, unique_violation (an event id inserted by a racing process). */
const TRANSIENT_CODES = new Set(['40P01', '40001', '23505']);
/** Longest readAll/headPosition wait for this store's own commits to pass the visibility horizon. */
const OWN_WRITES_WAIT_MS = 2_000;

/**
 * Event store on PostgreSQL.
 *
 * Appends issued concurrently are queued and sent as one call of `event_store_append` (one round
 * trip, one durable commit), which reports an outcome per append; see the migration for how it
 * keeps the global log gap-safe. Reads of the global log (readAll, headPosition, subscriptions)
 * see only events below the oldest transaction that may still commit, so a reader never passes
 * a position that could still fill in.
 */
export class PostgresEventStore implements EventStore {
  private readonly queue: PendingAppend[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Streams with an append in an in-flight group: later appends to them wait, keeping their order. */
  private readonly busyStreams = new Map<string, number>();
  private flushHandle: NodeJS.Immediate | null = null;
  /** Highest position this store has committed: what its own callers expect the log to show. */
  private ownCommitted = 0n;
  private closed = false;
  private readonly notifier = new AppendNotifier();
  private readonly watcher: SafeHeadWatcher;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly pollIntervalMs: number;
  private readonly maxGroupEvents: number;
  private readonly maxGroupsInFlight: number;
  private readonly sql: Readonly<Record<'append' | 'head' | 'getCheckpoint' | 'putCheckpoint', string>>;
  private readonly reads: PostgresTurnReads;

  private constructor(
    private readonly pool: Pool,
    private readonly listener: NotificationListener,
    schema: string,
    options: PostgresEventStoreOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.maxGroupEvents = Math.max(1, options.maxGroupEvents ?? DEFAULT_MAX_GROUP_EVENTS);
    this.maxGroupsInFlight = Math.max(1, options.maxGroupsInFlight ?? DEFAULT_MAX_GROUPS_IN_FLIGHT);
    this.watcher = new SafeHeadWatcher(() => this.safeHead(), this.notifier, this.pollIntervalMs);
    const s = quoteIdentifier(schema);
    // Computed once per statement (an InitPlan), not per row: it is the reader's visibility horizon.
    const safe = 'transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))';
    this.reads = new PostgresTurnReads(s, safe, (name, text, values) => this.rows(name, text, values));
    this.sql = {
      append: `SELECT * FROM ${s}.event_store_append($1, $2, $3, $4, $5, $6, $7, $8)`,
      head: `SELECT position FROM ${s}.events WHERE ${safe} ORDER BY position DESC LIMIT 1`,
      getCheckpoint: `SELECT position FROM ${s}.event_checkpoints WHERE name = $1`,
      putCheckpoint: `INSERT INTO ${s}.event_checkpoints (name, position) VALUES ($1, $2)
        ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()`,
    };
  }

  /** Connects, creates the schema if missing, migrates, and starts listening for other processes' appends. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = assertSchemaName(options.schema ?? DEFAULT_SCHEMA);
    const pool = openPool({ connectionString: options.connectionString, max: options.poolSize ?? DEFAULT_POOL_SIZE });
    let store: PostgresEventStore | undefined;
    try {
      await migrate(pool, schema);
      const listener = new NotificationListener(
        { connectionString: options.connectionString },
        notificationChannel(schema),
        (payload) => store?.onNotification(payload),
      );
      store = new PostgresEventStore(pool, listener, schema, options);
      await listener.start();
      return store;
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedRevision: ExpectedRevision }>,
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    const repeated = repeatedEventId(events);
    if (repeated !== null)
      return Promise.reject(new DuplicateEventIdError(streamId, repeated, 'is repeated within the append'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, expected: options.expectedRevision, attempts: 0, resolve, reject });
      this.scheduleFlush();
    });
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.reads.readStream(streamId, options);
  }

  /**
   * The safe prefix of the log. The horizon is cluster-wide, so any open transaction (even one of
   * another application) can hold back events this store has already committed; the caller
   * expects to read its own writes, so the read is retried briefly until they show.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const maxCount = options.maxCount ?? -1;
    return this.awaitOwnWrites(
      () => this.reads.readAfter(after, maxCount),
      (events) =>
        (maxCount >= 0 && events.length >= maxCount) ||
        (events.length === 0 ? after : events[events.length - 1].position) >= this.ownCommitted,
    );
  }

  /** The highest position a reader may safely pass: no transaction still open can commit below it. */
  async headPosition(): Promise<bigint> {
    return this.awaitOwnWrites(
      () => this.safeHead(),
      (head) => head >= this.ownCommitted,
    );
  }

  subscribeToAll(options: SubscriptionOptions, handler: BatchHandler): Subscription {
    if (this.closed) throw new Error('event store is closed');
    const subscription = new PollingSubscription(
      {
        readAfter: (after, maxCount) => this.reads.readAfter(after, maxCount),
        // The head caughtUp waits for includes this process's own acknowledged appends, as
        // headPosition() does: the horizon is the whole cluster's oldest open transaction, so any
        // other database's transaction could otherwise hold it below them, and a subscriber would
        // call itself caught up without the events its own process wrote just before.
        headPosition: () => this.headPosition(),
        onAppended: (listener) => this.notifier.listen(listener),
      },
      options,
      handler,
      this.pollIntervalMs,
    );
    this.subscriptions.add(subscription);
    void subscription.finished.finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async getCheckpoint(name: string): Promise<bigint | null> {
    const rows = await this.rows<[string]>('crm-es-get-checkpoint', this.sql.getCheckpoint, [name]);
    return rows.length === 0 ? null : BigInt(rows[0][0]);
  }

  async storeCheckpoint(name: string, position: bigint): Promise<void> {
    await this.rows('crm-es-put-checkpoint', this.sql.putCheckpoint, [name, position.toString()]);
  }

  /** Commits queued appends, stops subscriptions (after their in-flight batch) and the listener, ends the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.flushHandle !== null) clearImmediate(this.flushHandle);
    this.flushHandle = null;
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      this.flush();
      await Promise.race(this.inFlight);
    }
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.watcher.close();
    await this.listener.close();
    await this.reads.drain();
    await this.pool.end();
  }

  private async safeHead(): Promise<bigint> {
    const rows = await this.rows<[string]>('crm-es-head', this.sql.head, []);
    return rows.length === 0 ? 0n : BigInt(rows[0][0]);
  }

  private async awaitOwnWrites<T>(read: () => Promise<T>, complete: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + OWN_WRITES_WAIT_MS;
    for (let delay = 1; ; delay = Math.min(50, delay * 2)) {
      const value = await read();
      if (complete(value) || Date.now() >= deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** A named (prepared once per connection) query, every value returned as text. */
  private async rows<R extends unknown[]>(name: string, text: string, values: unknown[]): Promise<R[]> {
    const config: QueryArrayConfig = { name, text, values, rowMode: 'array', types: RAW_TEXT };
    const result = await this.pool.query<R>(config);
    return result.rows;
  }

  private onNotification(payload: string | null): void {
    if (this.subscriptions.size === 0) return;
    this.watcher.committed(payload !== null && /^\d+$/.test(payload) ? BigInt(payload) : null);
  }

  private scheduleFlush(): void {
    // setImmediate rather than a microtask: it runs after the promise continuations of every
    // caller woken in this tick, so concurrent callers land in the same group.
    if (this.flushHandle === null && !this.closed) {
      this.flushHandle = setImmediate(() => {
        this.flushHandle = null;
        this.flush();
      });
    }
  }

  private flush(): void {
    while (this.inFlight.size < this.maxGroupsInFlight) {
      const group = this.takeGroup();
      if (group.length === 0) return;
      for (const { streamId } of group) this.busyStreams.set(streamId, (this.busyStreams.get(streamId) ?? 0) + 1);
      const done = this.commitGroup(group).finally(() => {
        for (const { streamId } of group) {
          const count = (this.busyStreams.get(streamId) ?? 1) - 1;
          if (count === 0) this.busyStreams.delete(streamId);
          else this.busyStreams.set(streamId, count);
        }
        this.inFlight.delete(done);
        if (this.queue.length > 0) {
          if (this.closed) this.flush();
          else this.scheduleFlush();
        }
      });
      this.inFlight.add(done);
    }
  }

  /**
   * The next group, in queue order, skipping (and keeping queued) appends to streams busy in
   * another in-flight group, and everything after them on the same stream, so that one stream's
   * appends commit in the order they were issued. Event ids are distinct within a group: the
   * function checks ids against what was stored before the group, not within it.
   */
  private takeGroup(): PendingAppend[] {
    const group: PendingAppend[] = [];
    const kept: PendingAppend[] = [];
    const deferredStreams = new Set<string>();
    const ids = new Set<string>();
    let events = 0;
    for (const append of this.queue) {
      const fits = group.length === 0 || events + append.events.length <= this.maxGroupEvents;
      const blocked =
        !fits ||
        this.busyStreams.has(append.streamId) ||
        deferredStreams.has(append.streamId) ||
        append.events.some((event) => ids.has(event.eventId));
      if (blocked) {
        deferredStreams.add(append.streamId);
        kept.push(append);
        continue;
      }
      group.push(append);
      events += append.events.length;
      for (const event of append.events) ids.add(event.eventId);
    }
    this.queue.length = 0;
    this.queue.push(...kept);
    return group;
  }

  private async commitGroup(group: PendingAppend[]): Promise<void> {
    let rows: AppendOutcomeRow[];
    try {
      rows = await this.rows<AppendOutcomeRow>('crm-es-append', this.sql.append, toAppendGroupParams(group));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const retry = typeof code === 'string' && TRANSIENT_CODES.has(code);
      const retried: PendingAppend[] = [];
      for (const append of group) {
        if (retry && ++append.attempts < MAX_GROUP_ATTEMPTS) retried.push(append);
        else append.reject(error);
      }
      // Back at the front, so they keep their place ahead of later appends to the same streams.
      this.queue.unshift(...retried);
      return;
    }
    let committed = 0n;
    group.forEach((append, index) => {
      const outcome = toAppendOutcome(append, rows[index]);
      if (outcome.ok) {
        if (append.events.length > 0 && outcome.result.position > committed) committed = outcome.result.position;
        append.resolve(outcome.result);
      } else {
        append.reject(outcome.error);
      }
    });
    if (committed > this.ownCommitted) this.ownCommitted = committed;
    if (committed > 0n && this.subscriptions.size > 0) this.watcher.committed(committed);
  }
}
