import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL } from '@crm/testing';
import { PostgresDialect } from '../postgres/postgres.dialect';
import { PostgresReadModelStore } from '../postgres/postgres.read-model-store';
import { SQLITE_DIALECT } from '../sqlite/sqlite.dialect';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import { generationDdl, generationTableName } from './projection-generation';
import { GENERATION_TABLES } from './read-model.tables';
import type { SqlDialect } from './sql-dialect';
import { createTableSql, type TableDefinition } from './table-definition';

/**
 * The table definitions against the migrations, which stay as they were applied: generation 1's
 * tables are what the migrations made, later generations are made from the definitions, and both
 * must be the table the definition describes. A migration that changes a table without its
 * definition (or the reverse) fails here, on both engines.
 */
type Column = Readonly<{ name: string; type: string; notNull: boolean }>;
type TableShape = Readonly<{ columns: Column[]; primaryKey: string[]; indexes: string[]; keyOrdered?: boolean }>;

const TABLES = GENERATION_TABLES.map((table) => [table.name, table] as const);

/** What the catalog should say of the columns; PostgreSQL makes key columns NOT NULL, SQLite does not. */
const expectedColumns = (d: SqlDialect, table: TableDefinition, keyImpliesNotNull: boolean): Column[] =>
  table.columns.map((c) => ({
    name: c.name,
    type: d.columnType(c.type).toLowerCase(),
    notNull: c.notNull === true || (keyImpliesNotNull && table.primaryKey.includes(c.name)),
  }));

/** Index statements without the table's name (which also starts its indexes' names), so generations compare. */
const anonymous = (statements: readonly string[], name: string): string[] =>
  statements
    // The name alone or starting an index's name, never a column it begins (`feedback` in `feedback_id`).
    .map((sql) => sql.replace(new RegExp(`(?<![A-Za-z0-9_])${name}(?=_by_|[^A-Za-z0-9_]|$)`, 'g'), '<table>'))
    .sort();

describe('read-model table definitions (SQLite)', () => {
  const d = SQLITE_DIALECT;
  let dir: string;
  let db: Database.Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-rm-tables-'));
    const file = join(dir, 'read-models.sqlite');
    await SqliteReadModelStore.open(file).close();
    db = new Database(file);
    for (const sql of generationDdl(d, 2)) db.exec(sql);
  });

  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  type ColumnInfo = { name: string; type: string; notnull: number; pk: number };

  const shape = (name: string): TableShape => {
    const info = db.prepare<[], ColumnInfo>(`PRAGMA table_info(${d.table(name)})`).all();
    const indexes = db
      .prepare<[string], string>("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql NOT NULL")
      .pluck()
      .all(name);
    const { wr } = db.prepare<[], { wr: number }>(`PRAGMA table_list(${d.table(name)})`).get() ?? { wr: -1 };
    return {
      keyOrdered: wr === 1,
      columns: info.map((c) => ({ name: c.name, type: c.type.toLowerCase(), notNull: c.notnull === 1 })),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      indexes: anonymous(indexes, name),
    };
  };

  it.each(TABLES)('%s: the migrations made the defined table, indexes as written', (name, table) => {
    expect(shape(name)).toEqual({
      keyOrdered: table.keyOrdered === true,
      columns: expectedColumns(d, table, false),
      primaryKey: table.primaryKey,
      indexes: anonymous(createTableSql(d, table, name).slice(1), name),
    });
  });

  it.each(TABLES)('%s: a new generation is the same table', (name) => {
    expect(shape(generationTableName(name, 2))).toEqual(shape(name));
  });
});

describeWithPostgres('read-model table definitions (PostgreSQL)', () => {
  let schema: string;
  let drop: () => Promise<void>;
  let d: PostgresDialect;
  let client: Client;

  beforeAll(async () => {
    ({ schema, drop } = await createTestSchema('crm_rm_tables'));
    d = new PostgresDialect(schema);
    const store = await PostgresReadModelStore.open({ connectionString: POSTGRES_TEST_URL, schema, maxConnections: 1 });
    await store.close();
    client = new Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    for (const sql of generationDdl(d, 2)) await client.query(sql);
  });

  afterAll(async () => {
    await client.end();
    await drop();
  });

  const shape = async (name: string): Promise<TableShape> => {
    const columns = await client.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [schema, name],
    );
    const primaryKey = await client.query<{ attname: string }>(
      `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
      [d.table(name)],
    );
    const indexes = await client.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 AND indexname <> $2 || '_pkey'`,
      [schema, name],
    );
    return {
      columns: columns.rows.map((c) => ({ name: c.column_name, type: c.data_type, notNull: c.is_nullable === 'NO' })),
      primaryKey: primaryKey.rows.map((row) => row.attname),
      indexes: anonymous(
        indexes.rows.map((row) => row.indexdef),
        name,
      ),
    };
  };

  it.each(TABLES)('%s: the migrations made the defined table', async (name, table) => {
    const found = await shape(name);
    expect(found.columns).toEqual(expectedColumns(d, table, true));
    expect(found.primaryKey).toEqual(table.primaryKey);
    expect(found.indexes).toHaveLength(createTableSql(d, table, name).length - 1);
  });

  it.each(TABLES)('%s: a new generation is the same table, indexes included', async (name) => {
    expect(await shape(generationTableName(name, 2))).toEqual(await shape(name));
  });
});
