import type { DataKeyConfig, StorageConfig } from '@crm/platform';
import type { DataKeyOptions } from '../encryption/open-encryption';
import type { MasterKeySource } from '../encryption/master-key';
import type { EventStoreModuleOptions } from './event-store.module';
import { domainUpcasters } from '../upcasting/domain-upcasters';

/** The one place that turns validated configuration into the event store's options. */
export const eventStoreOptions = (config: StorageConfig): EventStoreModuleOptions => {
  // Crypto-shredding is always on: every process reading or writing the store needs the keys.
  const dataKeys = dataKeyOptions(config);
  const upcasters = domainUpcasters(config.bankTimeZone);
  switch (config.eventStore) {
    case 'sqlite':
      return {
        kind: 'sqlite',
        path: config.sqlitePath,
        durable: config.durableCommits,
        cacheSizeKiB: config.sqliteCacheMiB * 1024,
        dataKeys,
        upcasters,
      };
    case 'postgres':
      return {
        kind: 'postgres',
        connectionString: required(config.databaseUrl),
        schema: config.databaseSchema,
        dataKeys,
        upcasters,
      };
    case 'eventstoredb':
      return {
        kind: 'eventstoredb',
        connectionString: required(config.eventStoreDbUrl),
        checkpointsPath: config.readModelPath,
        dataKeys,
        upcasters,
      };
  }
};

const sourceOf = (secret: string | null, file: string | null): MasterKeySource | null =>
  file !== null ? { file } : secret !== null ? { secret } : null;

/** The store's crypto-shredding options from validated configuration. */
export const dataKeyOptions = (config: DataKeyConfig): DataKeyOptions => {
  const master = sourceOf(config.dataKeySecret, config.dataKeyFile);
  if (master === null) throw new Error('data key configuration was not validated');
  const previous = sourceOf(config.dataKeyPreviousSecret, config.dataKeyPreviousFile);
  return { master, ...(previous === null ? {} : { previous: [previous] }) };
};

/** loadStorageConfig guarantees these are present for the store that needs them. */
const required = (value: string | null): string => {
  if (value === null) throw new Error('storage configuration was not validated');
  return value;
};
