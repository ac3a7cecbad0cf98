import type { EventStoreModuleOptions } from '@crm/event-store';
import type { ReadModelStoreLocation } from '@crm/read-models';
import type { StorageConfig } from './app-config';
import { dataKeyOptions } from './data-key-config';

/** The one place that turns validated configuration into the store modules' options. */
export const eventStoreOptions = (config: StorageConfig): EventStoreModuleOptions => {
  // Crypto-shredding is always on: every process reading or writing the store needs the keys.
  const dataKeys = dataKeyOptions(config);
  switch (config.eventStore) {
    case 'sqlite':
      return { kind: 'sqlite', path: config.sqlitePath, durable: config.durableCommits, dataKeys };
    case 'postgres':
      return { kind: 'postgres', connectionString: required(config.databaseUrl), schema: config.databaseSchema, dataKeys };
    case 'eventstoredb':
      return { kind: 'eventstoredb', connectionString: required(config.eventStoreDbUrl), checkpointsPath: config.readModelPath, dataKeys };
  }
};

export const readModelStoreLocation = (config: StorageConfig): ReadModelStoreLocation =>
  config.readModelStore === 'postgres'
    ? { kind: 'postgres', connectionString: required(config.databaseUrl), schema: config.databaseSchema }
    : { kind: 'sqlite', readModelPath: config.readModelPath };

/** loadStorageConfig guarantees these are present for the store that needs them. */
const required = (value: string | null): string => {
  if (value === null) throw new Error('storage configuration was not validated');
  return value;
};
