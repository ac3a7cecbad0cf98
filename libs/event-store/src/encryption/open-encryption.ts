import { basename, dirname, join } from 'node:path';
import type { EventStore } from '../event-store.port';
import { DataKeyRing } from './data-key-ring';
import type { DataKeyStore } from './data-key-store.port';
import { EncryptingEventStore, type EncryptionLogger } from './encrypting-event-store';
import { loadMasterKey, type MasterKeySource } from './master-key';
import type { PlaintextScrubber } from './plaintext-scrubber';
import { PostgresDataKeyStore } from './postgres.data-key-store';
import { PostgresPlaintextScrubber } from './postgres.plaintext-scrubber';
import { SqliteDataKeyStore } from './sqlite.data-key-store';
import { SqlitePlaintextScrubber } from './sqlite.plaintext-scrubber';

/** Crypto-shredding configuration of a store (DATA_KEY_SECRET or DATA_KEY_FILE, see @crm/platform and eventStoreOptions). */
export type DataKeyOptions = Readonly<{
  /** Wraps new data keys and unwraps what it wrapped. */
  master: MasterKeySource;
  /** Master keys being rotated away from: they only unwrap keys not yet re-wrapped. */
  previous?: readonly MasterKeySource[];
  /** How long an unwrapped key is trusted from memory (ms); default 60 s. */
  cacheTtlMs?: number;
  logger?: EncryptionLogger;
}>;

/** Where the data keys of a store live: beside its events, or (EventStoreDB) a SQLite file of their own. */
export type DataKeyLocation =
  | Readonly<{ kind: 'sqlite'; eventsPath: string }>
  | Readonly<{ kind: 'postgres'; connectionString: string; schema: string }>
  | Readonly<{ kind: 'sqlite-file'; path: string }>;

/**
 * EventStoreDB's keys: `crm.data-keys.sqlite` beside the read models' file (default
 * `data/crm.read-models.sqlite` → `data/crm.data-keys.sqlite`). A file of its own, not the
 * read-model file: that one is disposable (delete it to rebuild), the keys are not.
 */
export const dataKeysPathBeside = (readModelPath: string): string =>
  join(
    dirname(readModelPath),
    `${basename(readModelPath).replace(/(\.read-models)?(\.sqlite)?$/, '')}.data-keys.sqlite`,
  );

export const openDataKeyStore = async (location: DataKeyLocation): Promise<DataKeyStore> => {
  switch (location.kind) {
    case 'sqlite':
      return SqliteDataKeyStore.open(location.eventsPath);
    case 'sqlite-file':
      return SqliteDataKeyStore.open(location.path);
    case 'postgres':
      return PostgresDataKeyStore.open({ connectionString: location.connectionString, schema: location.schema });
  }
};

const scrubberFor = (location: DataKeyLocation): PlaintextScrubber | null => {
  switch (location.kind) {
    case 'sqlite':
      return new SqlitePlaintextScrubber(location.eventsPath);
    case 'postgres':
      return new PostgresPlaintextScrubber({ connectionString: location.connectionString, schema: location.schema });
    case 'sqlite-file':
      return null;
  }
};

/** The ring of a store's data keys under the configured master keys (also what the rotation command uses). */
export const openDataKeyRing = async (location: DataKeyLocation, options: DataKeyOptions): Promise<DataKeyRing> => {
  const master = loadMasterKey(options.master);
  const previous = (options.previous ?? []).map(loadMasterKey);
  const store = await openDataKeyStore(location);
  return new DataKeyRing(store, master, previous, { cacheTtlMs: options.cacheTtlMs });
};

/**
 * `inner` behind crypto-shredding: checks at once that the master keys unwrap the stored keys
 * (a wrong secret fails the boot, not the first read), and finishes erasures an earlier process
 * left half done. Closing the result closes `inner`.
 */
export const encryptEventStore = async (
  inner: EventStore,
  location: DataKeyLocation,
  options: DataKeyOptions,
): Promise<EncryptingEventStore> => {
  const keys = await openDataKeyRing(location, options);
  let scrubber: PlaintextScrubber | null = null;
  try {
    await keys.verifyMasterKeys();
    scrubber = scrubberFor(location);
    const store = new EncryptingEventStore(inner, keys, { scrubber, logger: options.logger });
    await store.recoverInterruptedErasures();
    return store;
  } catch (error) {
    await scrubber?.close().catch(() => undefined);
    await keys.store.close().catch(() => undefined);
    throw error;
  }
};

/** Public fingerprints of the configured master keys (current first): what an import or restore checks against. */
export const configuredMasterKeyIds = (options: DataKeyOptions): string[] =>
  [options.master, ...(options.previous ?? [])].map((source) => loadMasterKey(source).id);
