import type { Database as Db, Statement } from 'better-sqlite3';
import { openSqlite, type SqliteSynchronous } from '@crm/sql';
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
import { DuplicateEventIdError } from '../duplicate-event-id.error';
import { satisfiesExpectedRevision } from '../expected-revision';
import { AppendNotifier } from '../subscriptions/append-notifier';
import { DEFAULT_POLL_INTERVAL_MS, PollingSubscription } from '../subscriptions/polling-subscription';
import { KnownStreamHeads } from './known-stream-heads';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './sqlite.event-row';
import { migrate } from './sqlite.migrations';

export type SqliteEventStoreOptions = Readonly<{
  /** FULL (default) fsyncs every commit, so an acknowledged append survives a power cut. */
  synchronous?: SqliteSynchronous;
  /** How long a writer waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
  /** Live subscriptions re-read at least this often, to see other processes' writes. */
  pollIntervalMs?: number;
  /** Most appends committed in one transaction. */
  maxGroupSize?: number;
  /** SQLite page cache; streams are read by index, so their pages must stay cached. Default 64 MiB. */
  cacheSizeKiB?: number;
}>;

type PendingAppend = {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
};

/** `head`: the result is the stream's last revision (not so for an exact retry of earlier events). */
type Outcome = { ok: true; result: AppendResult; head: boolean } | { ok: false; error: unknown };

/** [revision, position] of a stream's last event. */
type StreamHeadRow = [bigint, bigint];
/** [stream_id, revision, position] of an event found by id. */
type EventLocationRow = [string, bigint, bigint];

const DEFAULT_MAX_GROUP_SIZE = 512;
const DEFAULT_CACHE_SIZE_KIB = 64 * 1024;

/**
 * Event store on one SQLite file (WAL). better-sqlite3 is synchronous, so a durable commit per
 * append would cap throughput at the disk's fsync rate; instead appends issued in the same tick
 * are queued and committed together in one transaction (group commit), each inside its own
 * savepoint so one append's failure rejects only its own promise.
 *
 * Stream heads are read from the (stream_id, revision) index rather than a separate streams
 * table: the lookup is one index seek either way, and this saves a write per append.
 */
export class SqliteEventStore implements EventStore {
  private readonly queue: PendingAppend[] = [];
  private flushHandle: NodeJS.Immediate | null = null;
  private closed = false;
  private readonly notifier = new AppendNotifier();
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly pollIntervalMs: number;
  private readonly maxGroupSize: number;

  private readonly begin: Statement<[]>;
  private readonly commit: Statement<[]>;
  private readonly rollback: Statement<[]>;
  private readonly savepoint: Statement<[]>;
  private readonly release: Statement<[]>;
  private readonly rollbackToSavepoint: Statement<[]>;
  private readonly streamHead: Statement<[string], StreamHeadRow>;
  private readonly eventLocation: Statement<[string], EventLocationRow>;
  private readonly insertEvent: Statement<[string, string, number, string, string, string, number, string]>;
  private readonly selectStream: Statement<[string, number, number], EventRow>;
  private readonly selectAll: Statement<[bigint, number], EventRow>;
  private readonly selectHead: Statement<[], bigint | null>;
  private readonly selectCheckpoint: Statement<[string], bigint>;
  private readonly upsertCheckpoint: Statement<[string, bigint]>;
  private readonly selectDataVersion: Statement<[], number>;
  private readonly knownHeads: KnownStreamHeads;

  private constructor(
    private readonly db: Db,
    options: SqliteEventStoreOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.maxGroupSize = options.maxGroupSize ?? DEFAULT_MAX_GROUP_SIZE;

    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT append');
    this.release = db.prepare('RELEASE append');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO append');
    this.streamHead = db
      .prepare<[string], StreamHeadRow>(
        'SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      )
      .raw()
      .safeIntegers();
    this.eventLocation = db
      .prepare<[string], EventLocationRow>('SELECT stream_id, revision, position FROM events WHERE event_id = ?')
      .raw()
      .safeIntegers();
    this.insertEvent = db
      .prepare<[string, string, number, string, string, string, number, string]>(
        `INSERT INTO events (event_id, stream_id, revision, type, data, metadata, schema_version, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .safeIntegers();
    this.selectStream = db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw()
      .safeIntegers();
    this.selectAll = db
      .prepare<[bigint, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      )
      .raw()
      .safeIntegers();
    this.selectHead = db.prepare<[], bigint | null>('SELECT MAX(position) FROM events').pluck().safeIntegers();
    this.selectCheckpoint = db
      .prepare<[string], bigint>('SELECT position FROM checkpoints WHERE name = ?')
      .pluck()
      .safeIntegers();
    this.upsertCheckpoint = db.prepare<[string, bigint]>(
      'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    this.selectDataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.knownHeads = new KnownStreamHeads(this.selectDataVersion.get() ?? 0);
  }

  /** Opens (creating if needed) the file, or ':memory:', and brings its schema up to date. */
  static open(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const db = openSqlite(path, {
      busyTimeoutMs: options.busyTimeoutMs,
      synchronous: options.synchronous ?? 'FULL',
      // Personal data lives here (encrypted, or in plaintext from before encryption until an
      // erasure rewrites it): whatever a change frees is overwritten with zeros, not left in free
      // space. Appends only insert, so it costs them nothing.
      secureDelete: true,
      cacheSizeKiB: options.cacheSizeKiB ?? DEFAULT_CACHE_SIZE_KIB,
    });
    try {
      migrate(db);
      return new SqliteEventStore(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedRevision: ExpectedRevision }>,
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, expected: options.expectedRevision, resolve, reject });
      this.scheduleFlush();
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const fromRevision = options.fromRevision ?? 0;
    // A command reads its stream past the revision its cached state holds, nearly always to find
    // nothing: answered from memory while no other connection has written (the check is one
    // PRAGMA, ~5 µs; the index read it saves cost tens of µs under load, twice per command).
    this.knownHeads.validate(this.selectDataVersion.get() ?? 0);
    if (this.knownHeads.isPast(streamId, fromRevision)) return [];
    const rows = this.selectStream.all(streamId, fromRevision, options.maxCount ?? -1);
    if (options.maxCount === undefined || rows.length < options.maxCount) {
      const last = rows[rows.length - 1];
      this.knownHeads.atMost(streamId, last === undefined ? fromRevision - 1 : Number(last[3]));
    }
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAfter(options.after ?? 0n, options.maxCount ?? -1);
  }

  async headPosition(): Promise<bigint> {
    return this.selectHead.get() ?? 0n;
  }

  subscribeToAll(options: SubscriptionOptions, handler: BatchHandler): Subscription {
    if (this.closed) throw new Error('event store is closed');
    const subscription = new PollingSubscription(
      {
        readAfter: async (after, maxCount) => this.readAfter(after, maxCount),
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
    return this.selectCheckpoint.get(name) ?? null;
  }

  async storeCheckpoint(name: string, position: bigint): Promise<void> {
    this.upsertCheckpoint.run(name, position);
  }

  /** Commits queued appends, stops subscriptions (after their in-flight batch), then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.flushHandle !== null) clearImmediate(this.flushHandle);
    this.flushHandle = null;
    while (this.queue.length > 0) this.flush();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.db.close();
  }

  private readAfter(after: bigint, maxCount: number): RecordedEvent[] {
    return this.selectAll.all(after, maxCount).map(toRecordedEvent);
  }

  private scheduleFlush(): void {
    // setImmediate rather than a microtask: it runs after the promise continuations of every
    // caller woken in this tick, so concurrent callers land in the same group, yet adds no timer
    // delay for a lone sequential caller.
    if (this.flushHandle === null) {
      this.flushHandle = setImmediate(() => {
        this.flushHandle = null;
        this.flush();
      });
    }
  }

  private flush(): void {
    const group = this.queue.splice(0, this.maxGroupSize);
    if (this.queue.length > 0) this.scheduleFlush();
    if (group.length === 0) return;

    const recordedAt = new Date().toISOString();
    const outcomes: Outcome[] = [];
    try {
      this.begin.run();
      for (const append of group) outcomes.push(this.applyInSavepoint(append, recordedAt));
      this.commit.run();
    } catch (error) {
      // The commit itself failed (disk, lock timeout): nothing in the group is stored.
      if (this.db.inTransaction) this.rollback.run();
      this.knownHeads.forgetAll();
      for (const append of group) append.reject(error);
      return;
    }
    let wrote = false;
    group.forEach((append, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) {
        wrote ||= append.events.length > 0;
        if (outcome.head) this.knownHeads.wrote(append.streamId, outcome.result.revision);
        else this.knownHeads.forget(append.streamId);
        append.resolve(outcome.result);
      } else {
        append.reject(outcome.error);
      }
    });
    if (wrote) this.notifier.notify();
  }

  private applyInSavepoint(append: PendingAppend, recordedAt: string): Outcome {
    this.savepoint.run();
    try {
      // An exact retry of an earlier append succeeds whatever revision it expected, as in EventStoreDB.
      const replayed = append.events.length > 0 ? this.replayOf(append.streamId, append.events) : null;
      const result = replayed ?? this.apply(append, recordedAt);
      this.release.run();
      return { ok: true, result, head: replayed === null };
    } catch (error) {
      this.rollbackToSavepoint.run();
      this.release.run();
      return { ok: false, error: this.translate(append, error) };
    }
  }

  /** Appends after the stream's head; an exact retry of an earlier append was answered before (`replayOf`). */
  private apply({ streamId, events, expected }: PendingAppend, recordedAt: string): AppendResult {
    const head = this.streamHead.get(streamId);
    const actual = head === undefined ? null : Number(head[0]);
    if (!satisfiesExpectedRevision(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
    if (events.length === 0) return { revision: actual ?? -1, position: head?.[1] ?? 0n };

    let revision = actual ?? -1;
    let position = 0n;
    for (const event of events) {
      revision += 1;
      const { lastInsertRowid } = this.insertEvent.run(
        event.eventId,
        streamId,
        revision,
        event.type,
        JSON.stringify(event.data) ?? 'null',
        JSON.stringify(event.metadata),
        event.schemaVersion,
        recordedAt,
      );
      position = BigInt(lastInsertRowid);
    }
    return { revision, position };
  }

  /**
   * The original result if `events` is exactly a run of events already in this stream; null if the
   * first id is new (a later id that exists then fails on the unique index, as a partial overlap).
   */
  private replayOf(streamId: string, events: readonly NewEvent[]): AppendResult | null {
    const first = this.eventLocation.get(events[0].eventId);
    if (first === undefined) return null;
    let last = first;
    for (let index = 0; index < events.length; index++) {
      const { eventId } = events[index];
      const found = index === 0 ? first : this.eventLocation.get(eventId);
      if (found === undefined)
        throw new DuplicateEventIdError(streamId, eventId, 'is new but the append repeats earlier events');
      if (found[0] !== streamId)
        throw new DuplicateEventIdError(streamId, eventId, `already exists in stream ${found[0]}`);
      if (Number(found[1]) !== Number(first[1]) + index) {
        throw new DuplicateEventIdError(streamId, eventId, 'already exists at another revision');
      }
      last = found;
    }
    return { revision: Number(last[1]), position: last[2] };
  }

  private translate(append: PendingAppend, error: unknown): unknown {
    if (!isUniqueViolation(error)) return error;
    if (error.message.includes('events.event_id')) {
      const ids = append.events.map((event) => event.eventId);
      const repeated = ids.find((id, index) => ids.indexOf(id) !== index || this.eventLocation.get(id) !== undefined);
      return new DuplicateEventIdError(append.streamId, repeated ?? ids[0], 'already exists');
    }
    // We hold the write lock, so a revision clash means another writer bypassed it; report it as one.
    return new ConcurrencyError(append.streamId, append.expected, null);
  }
}

/**
 * Recognised by its code, not `instanceof Database.SqliteError`: the native addon keeps the error
 * class of the first copy of better-sqlite3 loaded in the process, so under jest's per-file module
 * registries a later file's `instanceof` check fails and a duplicate id surfaced as a raw error.
 */
const isUniqueViolation = (error: unknown): error is Error & { code: string } =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
  typeof (error as { message?: unknown }).message === 'string';
