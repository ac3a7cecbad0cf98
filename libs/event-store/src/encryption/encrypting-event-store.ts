import { ERASED } from '@crm/domain';
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
import { type DataKeyRing, type DataKeyState, type LiveDataKey } from './data-key-ring';
import { isEnvelope, sealField } from './field-envelope';
import { mapClientEvents, MISSING, openingOnRead, openValue, tokenOf } from './opened-fields';
import { clientOfStream, deferPersonalFields, hasPersonalValues, mapPersonalFields } from './personal-fields';
import { scrubbedData, type PlaintextScrubber, type StoredEventData } from './plaintext-scrubber';
import { KeyRingOpener, type KeyRingOpenerOptions, type PersonalDataOpener } from './personal-data-token';

/** The event whose append erases a client's personal data (see the client decider). */
export const PERSONAL_DATA_ERASED = 'PersonalDataErased';

/** How long an erasure's intent may stay without its event before recovery treats it as abandoned. */
const ABANDONED_INTENT_MS = 60_000;
const RECOVERY_INTERVAL_MS = 5 * 60_000;

export type EncryptionLogger = Readonly<{
  warn: (details: Record<string, unknown>, message: string) => void;
  error: (details: Record<string, unknown>, message: string) => void;
}>;

export type EncryptingEventStoreOptions = Readonly<{
  /** Rewrites pre-encryption plaintext on erasure; null where the log cannot be rewritten (EventStoreDB). */
  scrubber?: PlaintextScrubber | null;
  /**
   * After an erasure, pushes freed bytes out of the files that held the event store's and key
   * store's data (SQLite: checkpoint and truncate the WAL). Default: the key store's own.
   */
  purgeFreedSpace?: () => Promise<void>;
  /** Look for interrupted erasures every so often (0: only when asked). Default 5 minutes. */
  recoveryIntervalMs?: number;
  logger?: EncryptionLogger;
}>;

/** The erasure side of an encrypting store, for the API's erasure route and operators' tools. */
export interface PersonalDataShredder {
  /**
   * Finishes the erasure of a client whose PersonalDataErased is in the log: rewrites any
   * pre-encryption plaintext, destroys the key, purges freed space. Idempotent.
   */
  erasePersonalData(clientId: string): Promise<void>;
}

export const isPersonalDataShredder = (store: unknown): store is PersonalDataShredder =>
  typeof store === 'object' &&
  store !== null &&
  typeof (store as Partial<PersonalDataShredder>).erasePersonalData === 'function';

/** Crypto-shredding at the store boundary, around any EventStore adapter. Why: docs/decisions.md §26. */
export class EncryptingEventStore implements EventStore, PersonalDataShredder {
  private readonly scrubber: PlaintextScrubber | null;
  private readonly purge: () => Promise<void>;
  private readonly erasures = new Map<string, Promise<void>>();
  private readonly recovery: NodeJS.Timeout | null;
  private closed = false;

  constructor(
    private readonly inner: EventStore,
    private readonly keys: DataKeyRing,
    private readonly options: EncryptingEventStoreOptions = {},
  ) {
    this.scrubber = options.scrubber ?? null;
    this.purge = options.purgeFreedSpace ?? (() => keys.store.purgeFreedSpace());
    const interval = options.recoveryIntervalMs ?? RECOVERY_INTERVAL_MS;
    this.recovery =
      interval > 0 ? setInterval(() => void this.recoverInterruptedErasures().catch(() => undefined), interval) : null;
    this.recovery?.unref();
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedRevision: ExpectedRevision }>,
  ): Promise<AppendResult> {
    const clientId = clientOfStream(streamId);
    if (clientId === null) return this.inner.appendToStream(streamId, events, options);
    const erasing = events.some((event) => event.type === PERSONAL_DATA_ERASED);
    const sealing = events.some((event) => hasPersonalValues(event.type, event.data));
    if (!erasing && !sealing) return this.inner.appendToStream(streamId, events, options);

    // An erasure makes the key too (a client registered before encryption has none), so its intent has a row.
    const key = await this.keys.keyForWriting(clientId);
    if (erasing) await this.keys.store.markErasureRequested(clientId, new Date().toISOString());
    const sealed = sealing ? events.map((event) => this.seal(streamId, event, key)) : events;
    const result = await this.inner.appendToStream(streamId, sealed, options);
    if (erasing) await this.erasePersonalData(clientId);
    return result;
  }

  /** Opens every field now: a stream is read to decide on it, and its fold reads every field. */
  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.open(await this.inner.readStream(streamId, options), OPEN_NOW);
  }

  /**
   * Opens each field when it is first read: readers of the log (projections, the relay, the risk
   * monitor) use few of them, and a field's decryption was most of the cost of reading it here.
   */
  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.open(await this.inner.readAll(options), OPEN_ON_READ);
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  /**
   * The log as the read models' projector reads it: a sealed personal field is not decrypted but
   * handed on as a personal-data token (personal-data-token.ts), which the projections copy where
   * they copied the plaintext and the API opens at read time; erased ones read "[erased]". So no
   * read-model table holds personal data in the clear, and destroying a key erases every copy.
   * Erasures are finished as by every reader; writes and stream reads are this store's own.
   */
  forReadModels(): EventStore {
    return {
      appendToStream: (streamId, events, options) => this.appendToStream(streamId, events, options),
      readStream: (streamId, options) => this.readStream(streamId, options),
      readAll: async (options) => this.open(await this.inner.readAll(options), AS_TOKENS),
      headPosition: () => this.inner.headPosition(),
      subscribeToAll: (options, handler) =>
        this.inner.subscribeToAll(options, async (events) => handler(await this.open(events, AS_TOKENS))),
      getCheckpoint: (name) => this.inner.getCheckpoint(name),
      storeCheckpoint: (name, position) => this.inner.storeCheckpoint(name, position),
      close: () => this.close(),
    };
  }

  /** Opens the read models' tokens with this store's keys. */
  personalDataOpener(options?: KeyRingOpenerOptions): PersonalDataOpener {
    return new KeyRingOpener(this.keys, options);
  }

  /** The key ring, for keys of the read models' own (the search index's, see SearchKeySource). */
  get keyRing(): DataKeyRing {
    return this.keys;
  }

  subscribeToAll(options: SubscriptionOptions, handler: BatchHandler): Subscription {
    // Opening runs inside the subscription's handler, so a failure stops it like a handler's would.
    return this.inner.subscribeToAll(options, async (events) => handler(await this.open(events, OPEN_ON_READ)));
  }

  getCheckpoint(name: string): Promise<bigint | null> {
    return this.inner.getCheckpoint(name);
  }

  storeCheckpoint(name: string, position: bigint): Promise<void> {
    return this.inner.storeCheckpoint(name, position);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.recovery !== null) clearInterval(this.recovery);
    await this.inner.close();
    await Promise.allSettled([...this.erasures.values()]);
    await this.scrubber?.close();
    await this.keys.store.close();
  }

  erasePersonalData(clientId: string): Promise<void> {
    // One at a time per client: the append that erases and a reader of its event may both get here.
    const running = this.erasures.get(clientId);
    if (running !== undefined) return running;
    const erasure = this.finishErasure(clientId).finally(() => this.erasures.delete(clientId));
    this.erasures.set(clientId, erasure);
    return erasure;
  }

  /**
   * Erasures whose intent was recorded but whose key still exists: finished when the log has their
   * PersonalDataErased, dropped when it does not (the append failed) and the intent is old enough
   * that no append can still be in flight. Returns the clients whose erasure it finished.
   */
  async recoverInterruptedErasures(now: Date = new Date()): Promise<string[]> {
    const pending = await this.keys.store.pendingErasures(now.toISOString());
    if (pending.length === 0) return [];
    const abandoned = new Set(
      await this.keys.store.pendingErasures(new Date(now.getTime() - ABANDONED_INTENT_MS).toISOString()),
    );
    const finished: string[] = [];
    for (const clientId of pending) {
      const stream = await this.inner.readStream(`client-${clientId}`);
      if (stream.some((event) => event.type === PERSONAL_DATA_ERASED)) {
        await this.erasePersonalData(clientId);
        finished.push(clientId);
      } else if (abandoned.has(clientId)) {
        await this.keys.store.clearErasureRequest(clientId);
      }
    }
    return finished;
  }

  /**
   * Seals, in place, the personal fields that events appended before encryption was switched on
   * hold in plaintext (`npm run data-keys:encrypt-existing`), one client stream per transaction;
   * an erased client's are scrubbed instead. Safe while the system serves: appends to a stream wait
   * for its rewrite, and readers see either form, which read the same. Not for EventStoreDB, whose
   * log cannot be rewritten. Then purges freed space, as after an erasure.
   */
  async encryptExistingEvents(
    onProgress?: (progress: Readonly<{ streams: number; events: number }>) => void,
  ): Promise<{ streams: number; events: number }> {
    const scrubber = this.scrubber;
    if (scrubber === null) throw new Error('this event store cannot rewrite stored events');
    const progress = { streams: 0, events: 0 };
    for (let after = ''; ;) {
      const streams = await scrubber.clientStreams(after, 500);
      if (streams.length === 0) break;
      for (const streamId of streams) {
        const clientId = clientOfStream(streamId);
        if (clientId === null) continue;
        const key = await this.keys.keyForWriting(clientId);
        const changed = await scrubber.rewrite(streamId, (event) =>
          key.kind === 'live' ? sealedData(streamId, event, key) : scrubbedData(event),
        );
        progress.streams += 1;
        progress.events += changed;
      }
      after = streams[streams.length - 1];
      onProgress?.(progress);
    }
    if (progress.events > 0) await this.purge();
    return progress;
  }

  private async finishErasure(clientId: string): Promise<void> {
    const streamId = `client-${clientId}`;
    if (this.scrubber !== null) {
      const scrubbed = await this.scrubber.rewrite(streamId, scrubbedData);
      if (scrubbed > 0)
        this.options.logger?.warn(
          { streamId, events: scrubbed },
          'erasure rewrote personal fields stored before encryption',
        );
    }
    await this.keys.destroy(clientId);
    try {
      await this.purge();
    } catch (error) {
      // The key is gone already; what is left are freed bytes a later checkpoint also reclaims.
      this.options.logger?.error(
        { streamId, error: error instanceof Error ? error.name : 'unknown' },
        'erasure could not purge freed space',
      );
    }
  }

  private seal(streamId: string, event: NewEvent, key: LiveDataKey | DataKeyState): NewEvent {
    const data = mapPersonalFields(event.type, event.data, (path, value) => {
      // Already sealed for this very event (a copy of a stored event, e.g. a migration): keep it.
      if (isEnvelope(value)) return value;
      // No key after an erasure: nothing personal may be stored again (deciders refuse it first).
      if (key.kind !== 'live') return ERASED;
      return sealField(key.key, key.version, value, { streamId, eventId: event.eventId, path });
    });
    return data === event.data ? event : { ...event, data };
  }

  /**
   * Finishes erasures the batch records, then opens every personal field of its client events:
   * erased ones read ERASED and plaintext ones as stored at once; a sealed one is checked against
   * its client's key at once (a missing key or another key version fails here, never as ERASED)
   * and decrypted now or, OPEN_ON_READ, on its first read (where a failed authentication then throws).
   */
  private async open(events: readonly RecordedEvent[], when: OpeningTime): Promise<RecordedEvent[]> {
    const erased = new Set<string>();
    const personal = new Set<string>();
    // The client of each event with something to open (null: returned as it is).
    const clients = new Array<string | null>(events.length).fill(null);
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      const clientId = clientOfStream(event.streamId);
      if (clientId === null) continue;
      if (event.type === PERSONAL_DATA_ERASED) erased.add(clientId);
      else if (hasPersonalValues(event.type, event.data)) personal.add(clientId);
      else continue;
      clients[index] = clientId;
    }
    if (erased.size === 0 && personal.size === 0) return events as RecordedEvent[];

    if (when === AS_TOKENS) {
      // A token needs only whether its key is destroyed: unwrapping and caching every client's key
      // would fill the reads' key cache during a catch-up through the whole log.
      const kinds = await this.keys.kindsOf([...erased, ...personal]);
      await this.finishErasures(erased, (clientId) => kinds.get(clientId));
      for (const clientId of erased) kinds.set(clientId, 'destroyed');
      return mapClientEvents(events, clients, (event, clientId) => {
        const kind = kinds.get(clientId) ?? 'missing';
        return mapPersonalFields(event.type, event.data, (path, value) =>
          tokenOf(value, kind, { streamId: event.streamId, eventId: event.eventId, path }),
        );
      });
    }
    const states = await this.keys.statesOf([...erased, ...personal]);
    await this.finishErasures(erased, (clientId) => states.get(clientId)?.kind);
    for (const clientId of erased) states.set(clientId, { kind: 'destroyed' });
    return mapClientEvents(events, clients, (event, clientId) => {
      const state = states.get(clientId) ?? MISSING;
      return when === OPEN_ON_READ && state.kind === 'live'
        ? deferPersonalFields(event.type, event.data, (path, value) => openingOnRead(value, state, event, path))
        : mapPersonalFields(event.type, event.data, (path, value) =>
            openValue(value, state, { streamId: event.streamId, eventId: event.eventId, path }),
          );
    });
  }

  /**
   * Another process erased these clients (or died before destroying a key): finish it here, before
   * anything of the batch is opened. A key cached here as live may already be gone: erasing again
   * is idempotent.
   */
  private async finishErasures(
    erased: ReadonlySet<string>,
    kindOf: (clientId: string) => DataKeyState['kind'] | undefined,
  ): Promise<void> {
    for (const clientId of erased) if (kindOf(clientId) !== 'destroyed') await this.erasePersonalData(clientId);
  }
}

/** A stored event's data with its plaintext personal fields sealed; null when there are none. */
const sealedData = (streamId: string, { eventId, type, data }: StoredEventData, key: LiveDataKey): unknown => {
  const sealed = mapPersonalFields(type, data, (path, value) =>
    isEnvelope(value) || value === ERASED ? value : sealField(key.key, key.version, value, { streamId, eventId, path }),
  );
  return sealed === data ? null : sealed;
};

const OPEN_NOW = 'now';
const OPEN_ON_READ = 'on read';
const AS_TOKENS = 'as tokens';
type OpeningTime = typeof OPEN_NOW | typeof OPEN_ON_READ | typeof AS_TOKENS;
