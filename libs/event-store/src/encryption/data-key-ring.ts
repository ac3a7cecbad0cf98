import { randomBytes } from 'node:crypto';
import { KEY_BYTES, open, seal } from './aes-gcm';
import type { DataKeyStore, NewDataKey, StoredDataKey } from './data-key-store.port';
import type { MasterKey } from './master-key';
import { RecencyMap } from './recency-map';

/** A client's usable data key. */
export type LiveDataKey = Readonly<{ kind: 'live'; version: number; key: Buffer }>;
export type DestroyedDataKey = Readonly<{ kind: 'destroyed' }>;
/** What a subject's key is for a reader: usable, destroyed by an erasure, or never made. */
export type DataKeyState = LiveDataKey | DestroyedDataKey | Readonly<{ kind: 'missing' }>;

const DESTROYED: DestroyedDataKey = Object.freeze({ kind: 'destroyed' });
const MISSING: DataKeyState = Object.freeze({ kind: 'missing' });

/** The first version of every client's data key; envelopes record it so keys can be replaced later. */
const FIRST_KEY_VERSION = 1;

export class DataKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataKeyError';
  }
}

export type DataKeyRingOptions = Readonly<{
  /**
   * Unwrapped keys kept in memory (least recently used go first). Default 50,000 (~10 MB): every
   * client view the API serves opens its fields with its client's key, so a book's working set of
   * clients should fit.
   */
  cacheSize?: number;
  /**
   * How long a live key is trusted from memory. Another process's erasure evicts nothing here, so
   * this bounds how long it could still decrypt (reading the erasure event evicts at once). Default 60 s.
   */
  cacheTtlMs?: number;
  now?: () => number;
}>;

type CacheEntry = { state: LiveDataKey | DestroyedDataKey; expires: number };

/**
 * Per-client data keys (32 random bytes each, AES-256-GCM), wrapped by the master key and kept in
 * a DataKeyStore; unwrapped keys are cached in memory, bounded and for a limited time. Several
 * master keys may be configured: the current one wraps new keys, the others only unwrap what they
 * wrapped (identified by their fingerprint), until `rotate` has re-wrapped everything.
 */
export class DataKeyRing {
  private readonly cache: RecencyMap<string, CacheEntry>;
  /** Keys being made, so concurrent first appends of one client share one. */
  private readonly creating = new Map<string, Promise<LiveDataKey | DestroyedDataKey>>();
  private readonly pendingInserts: {
    row: NewDataKey;
    resolve: (row: StoredDataKey) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private readonly masters: ReadonlyMap<string, MasterKey>;
  private readonly cacheTtlMs: number;
  private readonly now: () => number;

  constructor(
    readonly store: DataKeyStore,
    private readonly current: MasterKey,
    previous: readonly MasterKey[] = [],
    options: DataKeyRingOptions = {},
  ) {
    this.masters = new Map([...previous, current].map((master) => [master.id, master]));
    this.cache = new RecencyMap(Math.max(0, options.cacheSize ?? 50_000));
    this.cacheTtlMs = Math.max(0, options.cacheTtlMs ?? 60_000);
    this.now = options.now ?? Date.now;
  }

  get currentMasterKeyId(): string {
    return this.current.id;
  }

  /**
   * The keys of these subjects for reading; never creates one. `remember: false` leaves the keys it
   * had to load out of memory: a reader that needs each key once (the projector, a catch-up through
   * every client) would otherwise fill the cache the API's reads rely on.
   */
  async statesOf(
    subjects: Iterable<string>,
    { remember = true }: Readonly<{ remember?: boolean }> = {},
  ): Promise<Map<string, DataKeyState>> {
    return this.lookUp(
      subjects,
      (cached) => cached,
      (subject, row) => (row === undefined ? MISSING : remember ? this.remember(subject, row) : this.stateOf(row)),
    );
  }

  /**
   * Whether these subjects' keys are live, destroyed or missing, without unwrapping a key or
   * caching one it had to load: what a reader that passes sealed fields on unopened needs.
   */
  async kindsOf(subjects: Iterable<string>): Promise<Map<string, DataKeyState['kind']>> {
    return this.lookUp(
      subjects,
      (cached) => cached.kind,
      (_, row) => (row === undefined ? 'missing' : isDestroyed(row) ? 'destroyed' : 'live'),
    );
  }

  /** Each subject from the cache, or from its stored row, read in one call for all the others. */
  private async lookUp<T>(
    subjects: Iterable<string>,
    fromCache: (state: LiveDataKey | DestroyedDataKey) => T,
    fromRow: (subject: string, row: StoredDataKey | undefined) => T,
  ): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    const toLoad: string[] = [];
    const now = this.now();
    for (const subject of subjects) {
      const cached = this.cached(subject, now);
      if (cached === undefined) toLoad.push(subject);
      else found.set(subject, fromCache(cached));
    }
    if (toLoad.length > 0) {
      const rows = await this.store.get(toLoad);
      for (const subject of toLoad) found.set(subject, fromRow(subject, rows.get(subject)));
    }
    return found;
  }

  /**
   * The subject's key as held in memory, without a call: undefined when it is not cached or its
   * time is up (then `statesOf` reads it again). Lets a reader serve what it opened before while the
   * key stays live, at the cost of a lookup instead of a Map built per call.
   */
  cachedState(subject: string): LiveDataKey | DestroyedDataKey | undefined {
    return this.cached(subject, this.now());
  }

  /** The key to seal a subject's new fields with, made on first use; `destroyed` after an erasure. */
  async keyForWriting(subject: string): Promise<LiveDataKey | DestroyedDataKey> {
    const state = (await this.statesOf([subject])).get(subject);
    if (state !== undefined && state.kind !== 'missing') return state;
    let creating = this.creating.get(subject);
    if (creating === undefined) {
      creating = this.create(subject).finally(() => this.creating.delete(subject));
      this.creating.set(subject, creating);
    }
    return creating;
  }

  /**
   * New keys wait for the next tick and are stored together, in one durable commit: a burst of
   * registrations pays one fsync, as the event store's group commit does for their events.
   */
  private create(subject: string): Promise<LiveDataKey | DestroyedDataKey> {
    const key = randomBytes(KEY_BYTES);
    const row: NewDataKey = {
      subject,
      version: FIRST_KEY_VERSION,
      kekId: this.current.id,
      wrapped: this.wrap(subject, FIRST_KEY_VERSION, this.current, key),
      createdAt: new Date(this.now()).toISOString(),
    };
    return new Promise<StoredDataKey>((resolve, reject) => {
      this.pendingInserts.push({ row, resolve, reject });
      if (this.pendingInserts.length === 1) setImmediate(() => this.insertPending());
    }).then((stored) => {
      // Another process may have won the race (or erased the client): then what is stored counts.
      if (stored.destroyed || stored.wrapped === null || !stored.wrapped.equals(row.wrapped))
        return this.remember(subject, stored);
      const live: LiveDataKey = { kind: 'live', version: row.version, key };
      this.put(subject, live);
      return live;
    });
  }

  private insertPending(): void {
    const batch = this.pendingInserts.splice(0);
    this.store.insertIfAbsent(batch.map(({ row }) => row)).then(
      (stored) => {
        for (const { row, resolve, reject } of batch) {
          const found = stored.get(row.subject);
          if (found === undefined) reject(new DataKeyError(`the data key of ${row.subject} was not stored`));
          else resolve(found);
        }
      },
      (error: unknown) => {
        for (const { reject } of batch) reject(error);
      },
    );
  }

  /** Destroys the subject's key in the store and here. */
  async destroy(subject: string): Promise<void> {
    this.evict(subject);
    await this.store.destroy(subject, new Date(this.now()).toISOString());
    this.put(subject, DESTROYED);
  }

  evict(subject: string): void {
    this.cache.delete(subject);
  }

  /**
   * Fails fast when the configured master keys cannot unwrap the stored keys (a wrong
   * DATA_KEY_SECRET would otherwise surface as errors on the first reads).
   */
  async verifyMasterKeys(): Promise<void> {
    // One key per wrapping master key: an unknown fingerprint, or a known one that does not
    // unwrap (a wrong secret with a colliding id cannot pass the authentication tag), fails here.
    for (const sample of await this.store.liveSamplePerMasterKey()) this.unwrap(sample);
  }

  /**
   * Re-wraps every live key that another master key wrapped under the current one, so that master
   * key can be retired. Safe to run while the system serves (compare-and-set per key) and to repeat.
   */
  async rotate(onProgress?: (rewrapped: number) => void): Promise<number> {
    let rewrapped = 0;
    for (;;) {
      const batch = await this.store.wrappedByOthers(this.current.id, 500);
      if (batch.length === 0) return rewrapped;
      let progressed = false;
      for (const row of batch) {
        const key = this.unwrap(row);
        const wrapped = this.wrap(row.subject, row.version, this.current, key);
        if (await this.store.rewrap(row.subject, row.kekId as string, this.current.id, wrapped)) {
          rewrapped += 1;
          progressed = true;
        }
      }
      onProgress?.(rewrapped);
      // Every row of the batch changed under us (destroyed, or re-wrapped by another run): done.
      if (!progressed) return rewrapped;
    }
  }

  /** A live key whose time is up stays in the cache, unserved, until its row is read again (remember). */
  private cached(subject: string, now: number): LiveDataKey | DestroyedDataKey | undefined {
    const entry = this.cache.get(subject);
    if (entry === undefined) return undefined;
    if (entry.state.kind === 'live' && entry.expires <= now) return undefined;
    return entry.state;
  }

  /**
   * The state of a row just read, kept for the TTL. A live key whose time was up and whose row
   * still holds the same version is the same key (a version's key never changes; rotation only
   * re-wraps it), so it is trusted again without unwrapping: on a book read at random, keys
   * re-read every minute were a steady share of the reads' CPU.
   */
  private remember(subject: string, row: StoredDataKey): LiveDataKey | DestroyedDataKey {
    const stale = this.cache.get(subject)?.state;
    const state =
      stale?.kind === 'live' && !isDestroyed(row) && stale.version === row.version ? stale : this.stateOf(row);
    this.put(subject, state);
    return state;
  }

  private stateOf(row: StoredDataKey): LiveDataKey | DestroyedDataKey {
    return isDestroyed(row) ? DESTROYED : { kind: 'live', version: row.version, key: this.unwrap(row) };
  }

  private put(subject: string, state: LiveDataKey | DestroyedDataKey): void {
    // Destroyed is final, so it never expires (only the size bound drops it).
    this.cache.set(subject, {
      state,
      expires: state.kind === 'live' ? this.now() + this.cacheTtlMs : Number.POSITIVE_INFINITY,
    });
  }

  private unwrap(row: StoredDataKey): Buffer {
    if (row.wrapped === null || row.kekId === null)
      throw new DataKeyError(`the data key of ${row.subject} is destroyed`);
    const master = this.masters.get(row.kekId);
    if (master === undefined) {
      throw new DataKeyError(
        `the data key of ${row.subject} is wrapped by master key ${row.kekId}, which is not configured ` +
          '(DATA_KEY_SECRET / DATA_KEY_FILE, or the previous key while rotating)',
      );
    }
    const key = open(
      master.key,
      row.wrapped,
      wrapAad(row.subject, row.version, master.id),
      `the data key of ${row.subject}`,
    );
    if (key.length !== KEY_BYTES) throw new DataKeyError(`the data key of ${row.subject} has the wrong length`);
    // `open` answers with a slice of Node's shared Buffer pool (64 KiB slabs on Node 24): a cached
    // 32-byte key would keep its whole slab alive, one slab per key re-read after the TTL in the
    // worst case, and leave a copy of the key in memory the pool hands out again.
    const own = Buffer.alloc(KEY_BYTES);
    key.copy(own);
    key.fill(0);
    return own;
  }

  private wrap(subject: string, version: number, master: MasterKey, key: Buffer): Buffer {
    return seal(master.key, key, wrapAad(subject, version, master.id));
  }
}

/** A tombstone: the key was destroyed (an erasure), or its material is gone. */
const isDestroyed = (row: StoredDataKey): boolean => row.destroyed || row.wrapped === null;

/** Binds a wrapped key to its subject and version: a row copied onto another client does not unwrap. */
const wrapAad = (subject: string, version: number, kekId: string): Buffer =>
  Buffer.from(`crm.data-key.v1\u0000${subject}\u0000${version}\u0000${kekId}`, 'utf8');
