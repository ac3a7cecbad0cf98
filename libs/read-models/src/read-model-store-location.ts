import type { StorageConfig } from '@crm/platform';
import type { ReadModelStoreLocation } from './read-models.module';

/** Where validated configuration puts the read models. */
export const readModelStoreLocation = (config: StorageConfig): ReadModelStoreLocation => {
  if (config.readModelStore === 'sqlite')
    return { kind: 'sqlite', readModelPath: config.readModelPath, cacheSizeKiB: config.sqliteCacheMiB * 1024 };
  if (config.databaseUrl === null) throw new Error('storage configuration was not validated');
  return { kind: 'postgres', connectionString: config.databaseUrl, schema: config.databaseSchema };
};
