import { parseInteger } from './config-parsing';

/**
 * What bounds a process's memory beside the V8 heap's own limits: how much of the log the
 * projector holds while it catches up, how many committed views it keeps between batches, and the
 * page cache of each SQLite connection. Measured against RSS by `npm run bench -- memory`.
 */
export type MemoryConfig = Readonly<{
  /** Events per read and per transaction while the projector catches up (PROJECTION_CATCH_UP_BATCH_SIZE). */
  projectionCatchUpBatchSize: number;
  /** Committed client views the projector keeps between batches (PROJECTION_CACHED_VIEWS; 0: none). */
  projectionCachedViews: number;
  /** Page cache of the event store's and the read models' SQLite connections, each (SQLITE_CACHE_MIB). */
  sqliteCacheMiB: number;
}>;

export const DEFAULT_PROJECTION_CATCH_UP_BATCH_SIZE = 10_000;
export const DEFAULT_PROJECTION_CACHED_VIEWS = 2_000;
export const DEFAULT_SQLITE_CACHE_MIB = 8;

export const loadMemoryConfig = (env: NodeJS.ProcessEnv): MemoryConfig => ({
  projectionCatchUpBatchSize: parseInteger(
    'PROJECTION_CATCH_UP_BATCH_SIZE',
    env.PROJECTION_CATCH_UP_BATCH_SIZE,
    DEFAULT_PROJECTION_CATCH_UP_BATCH_SIZE,
    1,
    1_000_000,
  ),
  projectionCachedViews: parseInteger(
    'PROJECTION_CACHED_VIEWS',
    env.PROJECTION_CACHED_VIEWS,
    DEFAULT_PROJECTION_CACHED_VIEWS,
    0,
    10_000_000,
  ),
  sqliteCacheMiB: parseInteger('SQLITE_CACHE_MIB', env.SQLITE_CACHE_MIB, DEFAULT_SQLITE_CACHE_MIB, 1, 65_536),
});
