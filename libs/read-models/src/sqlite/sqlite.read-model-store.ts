import type Database from 'better-sqlite3';
import { openSqlite } from '@crm/sql';
import { GENERATIONS_SINCE_VERSION, readModelMigrations } from '../sql/read-model.migrations';
import { GENERATIONAL_PROJECTION } from '../sql/projection-generation';
import { liveGenerationSql, SqlReadModelStore, type SqlReadModelStoreOptions } from '../sql/sql.read-model-store';
import { SQLITE_DIALECT } from './sqlite.dialect';
import { insertEachRow, SqliteExecutor } from './sqlite.executor';
import { warmViewPages } from './sqlite.view-pages-warm-up';
import type { ViewPagesWarmUp, WarmUpOptions } from '../store/read-model-store.port';

export type SqliteReadModelStoreOptions = SqlReadModelStoreOptions &
  Readonly<{
    /** SQLite page cache of the connection. Default 64 MiB. */
    cacheSizeKiB?: number;
  }>;

const DEFAULT_CACHE_SIZE_KIB = 64 * 1024;

/** Name kept from the files written before the dialect layer, so they open without a migration. */
const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * Read models in their own SQLite file (never the event store's): they can be deleted and rebuilt
 * from the log at any time.
 *
 * One connection; its executor lets no statement in while a batch transaction is open, so readers
 * never see half a batch.
 */
export class SqliteReadModelStore extends SqlReadModelStore {
  private constructor(
    private readonly executor: SqliteExecutor,
    liveGeneration: number,
    options: SqlReadModelStoreOptions,
  ) {
    super(executor, liveGeneration, options);
  }

  /** Opens (creating and migrating if needed) the read-model database at `file`; ':memory:' for tests. */
  static open(file: string, options: SqliteReadModelStoreOptions = {}): SqliteReadModelStore {
    const db = openSqlite(file, {
      createFolder: true,
      // 16 KiB pages fit several view documents each; measured against the default 4 KiB, they
      // roughly halve commit and checkpoint time during a rebuild.
      pageSize: 16384,
      // WAL + NORMAL may lose the last commits on power loss, never corrupt: the checkpoint is lost
      // with them, so the projector simply re-projects those events.
      synchronous: 'NORMAL',
      // Catch-up batches touch thousands of view pages; a cache that holds them avoids spilling
      // dirty pages mid-transaction (measured: the default 2 MB cache halves the rebuild rate).
      cacheSizeKiB: options.cacheSizeKiB ?? DEFAULT_CACHE_SIZE_KIB,
      tempStoreInMemory: true,
      // Fewer, larger WAL checkpoints (each one fsyncs); the size limit gives the disk back afterwards.
      walAutocheckpointPages: 4096,
      journalSizeLimitBytes: 67108864,
      // An erased client's blind-index terms are deleted, but the search key outlives the erasure and
      // could confirm a guessed name against a term left in free space: what a change frees is
      // overwritten with zeros (purgeFreedSpace does the WAL). Tokens need no such care.
      secureDelete: true,
    });
    let liveGeneration: number;
    try {
      migrate(db);
      const row = db
        .prepare<[string], { live_generation: number }>(liveGenerationSql(SQLITE_DIALECT))
        .get(GENERATIONAL_PROJECTION);
      liveGeneration = row?.live_generation ?? 1;
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteReadModelStore(new SqliteExecutor(db), liveGeneration, options);
  }

  /**
   * After an erasure: older copies of the overwritten pages stay in the WAL until it is
   * checkpointed and reset; TRUNCATE copies every frame back and cuts the WAL to zero bytes.
   * Run outside any batch (the executor's query waits for one in progress).
   */
  async purgeFreedSpace(): Promise<void> {
    await this.executor.query('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  /** See ReadModelStore.warmViewPages and sqlite.view-pages-warm-up.ts. */
  warmViewPages(options: WarmUpOptions): Promise<ViewPagesWarmUp> {
    return warmViewPages(this.executor, this.liveTables(), options);
  }
}

/** Synchronously, so the store is complete when `open` returns; IMMEDIATE makes a second process wait. */
const migrate = (db: Database.Database): void => {
  const plan = readModelMigrations(SQLITE_DIALECT, MIGRATIONS_TABLE);
  db.transaction(() => {
    db.prepare(plan.createLedger).run();
    const { version } = db.prepare<[], { version: number }>(plan.appliedVersion).get() ?? { version: 0 };
    const generations =
      version >= GENERATIONS_SINCE_VERSION
        ? db.prepare<[], { live_generation: number; building_generation: number | null }>(plan.generations).get()
        : undefined;
    for (const statement of plan.pending(version, plan.context(generations))) {
      if (statement.backfill === undefined) db.prepare(statement.sql).run(statement.params);
      else {
        const rows = db.prepare(statement.sql).all(statement.params) as object[];
        for (const write of statement.backfill(rows)) insertEachRow((sql) => db.prepare(sql), write.insert, write.rows);
      }
    }
  }).immediate();
};
