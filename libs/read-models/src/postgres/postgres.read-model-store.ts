import { ADVISORY_LOCK_CLASS, advisoryLockKey, openPool, quoteIdentifier } from '@crm/sql';
import { GENERATIONS_SINCE_VERSION, readModelMigrations } from '../sql/read-model.migrations';
import type { SqlInteger } from '../sql/sql-executor';
import { GENERATIONAL_PROJECTION } from '../sql/projection-generation';
import { liveGenerationSql, SqlReadModelStore, type SqlReadModelStoreOptions } from '../sql/sql.read-model-store';
import { PostgresDialect } from './postgres.dialect';
import { PostgresExecutor } from './postgres.executor';

export type PostgresReadModelStoreOptions = Readonly<{
  connectionString: string;
  /** Shared with the event store, whose tables (`events`, `event_*`) never collide with these. */
  schema?: string;
  /** Pool size: the projector holds one connection per batch, queries take the rest. */
  maxConnections?: number;
}> &
  SqlReadModelStoreOptions;

/** Not `schema_migrations`: the event store keeps its own migration table in the same schema. */
const MIGRATIONS_TABLE = 'read_model_migrations';
const DEFAULT_MAX_CONNECTIONS = 5;

/**
 * Read models on PostgreSQL. Every projector process and API process opens its own pool; the
 * checkpoint guard in each batch transaction keeps two projectors from both applying a batch.
 */
export class PostgresReadModelStore extends SqlReadModelStore {
  /** Connects, creates the schema if missing and migrates before resolving, so boot fails fast. */
  static async open(options: PostgresReadModelStoreOptions): Promise<PostgresReadModelStore> {
    const dialect = new PostgresDialect(options.schema ?? 'crm');
    const pool = openPool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    });
    const executor = new PostgresExecutor(pool, dialect);
    let liveGeneration: number;
    try {
      await createSchema(executor, dialect.schema);
      await migrate(executor, dialect);
      const [row] = await executor.query<{ live_generation: SqlInteger }>(liveGenerationSql(dialect), [
        GENERATIONAL_PROJECTION,
      ]);
      liveGeneration = row === undefined ? 1 : Number(row.live_generation);
    } catch (error) {
      await executor.close();
      throw error;
    }
    return new PostgresReadModelStore(executor, liveGeneration, options);
  }
}

/** In one transaction, under an advisory lock: processes starting together migrate one at a time. */
const migrate = (executor: PostgresExecutor, dialect: PostgresDialect): Promise<void> =>
  executor.transaction(async (tx) => {
    const plan = readModelMigrations(dialect, MIGRATIONS_TABLE);
    // Keyed by the qualified ledger, so stores in other schemas never wait for each other.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext(?))', [dialect.table(MIGRATIONS_TABLE)]);
    await tx.run(plan.createLedger);
    const [{ version }] = await tx.query<{ version: SqlInteger }>(plan.appliedVersion);
    const applied = Number(version);
    const [generations] =
      applied >= GENERATIONS_SINCE_VERSION
        ? await tx.query<{ live_generation: SqlInteger; building_generation: SqlInteger | null }>(plan.generations)
        : [undefined];
    for (const statement of plan.pending(applied, plan.context(generations))) {
      if (statement.backfill === undefined) await tx.run(statement.sql, statement.params);
      else {
        const rows = await tx.query<object>(statement.sql, statement.params);
        for (const write of statement.backfill(rows)) await tx.insertMany(write.insert, write.rows);
      }
    }
  });

/**
 * Creates the schema only when missing (CREATE needs a privilege a locked-down database may not
 * grant), under the lock every store takes to create it: a CREATE racing another process's can
 * fail on pg_namespace, for this store or for the other.
 */
const createSchema = async (executor: PostgresExecutor, schema: string): Promise<void> => {
  const found = await executor.query('SELECT 1 FROM pg_namespace WHERE nspname = ?', [schema]);
  if (found.length > 0) return;
  const [lockClass, lockObject] = advisoryLockKey(ADVISORY_LOCK_CLASS.schemaSetup, schema);
  await executor.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(?, ?)', [lockClass, lockObject]);
    await tx.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  });
};
