import type { SqlDialect } from './sql-dialect';
import type { SqlValue } from './sql-executor';

/**
 * Versioned schema of the read models, one DDL for both engines (types come from the dialect).
 * Append new migrations; never edit an applied one (a database only runs the versions above the
 * highest it has recorded).
 */
type Migration = Readonly<{ version: number; name: string; statements: (dialect: SqlDialect) => readonly string[] }>;

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'client view, timeline, managers, checkpoints',
    statements: (d) => {
      const text = d.columnType('text');
      const integer = d.columnType('integer');
      const bigint = d.columnType('bigint');
      const json = d.columnType('json');
      return [
        `CREATE TABLE ${d.table('client_view')} (
          client_id  ${text} PRIMARY KEY,
          branch_id  ${text} NOT NULL,
          manager_id ${text},
          tier       ${text},
          status     ${text} NOT NULL,
          doc        ${json} NOT NULL,
          revision   ${integer} NOT NULL,
          position   ${bigint} NOT NULL,
          updated_at ${text} NOT NULL
        )`,
        `CREATE INDEX client_view_by_manager ON ${d.table('client_view')} (manager_id)`,
        `CREATE INDEX client_view_by_branch ON ${d.table('client_view')} (branch_id, tier)`,
        `CREATE TABLE ${d.table('client_timeline')} (
          client_id   ${text} NOT NULL,
          revision    ${integer} NOT NULL,
          position    ${bigint} NOT NULL,
          type        ${text} NOT NULL,
          occurred_at ${text} NOT NULL,
          doc         ${json} NOT NULL,
          PRIMARY KEY (client_id, revision)
        )`,
        `CREATE TABLE ${d.table('managers')} (
          manager_id ${text} PRIMARY KEY,
          name       ${text} NOT NULL,
          branch_id  ${text} NOT NULL,
          level      ${text} NOT NULL,
          status     ${text} NOT NULL,
          revision   ${integer} NOT NULL
        )`,
        `CREATE TABLE ${d.table('projection_checkpoints')} (
          name     ${text} PRIMARY KEY,
          position ${bigint} NOT NULL
        )`,
      ];
    },
  },
  {
    version: 2,
    name: 'client list columns and indexes: portfolio, branch dashboard, client search',
    statements: (d) => {
      const views = d.table('client_view');
      const text = d.columnType('text');
      const integer = d.columnType('integer');
      const columns: readonly (readonly [string, string])[] = [
        ['legal_name', text],
        ['registration_no', text],
        ['risk_level', text],
        ['last_contact_at', text],
        ['follow_up_dues', text],
        ['annual_contribution', text],
        ['open_products', integer],
        ['last_nps', integer],
        ['open_alerts_low', integer],
        ['open_alerts_medium', integer],
        ['open_alerts_high', integer],
        ['open_alerts_critical', integer],
      ];
      return [
        // The new columns are derived from each view as the projector writes it, so existing rows
        // are emptied and replayed from the log rather than back-filled by a second, SQL copy of
        // that derivation. The view upsert only takes newer revisions, hence the delete; timeline
        // and managers rows stay (their replay is a no-op). Only client-view's checkpoint exists.
        `DELETE FROM ${views}`,
        `DELETE FROM ${d.table('projection_checkpoints')}`,
        // Superseded by the keyset indexes below, which serve the same lookups; fewer indexes to write.
        `DROP INDEX ${d.table('client_view_by_manager')}`,
        `DROP INDEX ${d.table('client_view_by_branch')}`,
        ...columns.map(([name, type]) => `ALTER TABLE ${views} ADD COLUMN ${name} ${type}`),
        // (filter, client_id): each filter of the search pages in client_id order straight off its index.
        `CREATE INDEX client_view_by_branch_id ON ${views} (branch_id, client_id)`,
        `CREATE INDEX client_view_by_manager_id ON ${views} (manager_id, client_id)`,
        `CREATE INDEX client_view_by_tier ON ${views} (tier, client_id)`,
        `CREATE INDEX client_view_by_risk_level ON ${views} (risk_level, client_id)`,
        `CREATE INDEX client_view_by_legal_name_prefix ON ${views} (${d.prefixIndexKey('legal_name')})`,
        `CREATE INDEX client_view_by_registration_no_prefix ON ${views} (${d.prefixIndexKey('registration_no')})`,
      ];
    },
  },
  {
    version: 3,
    name: 'projection generations: rebuilds into fresh tables, switched when caught up',
    statements: (d) => [
      // The existing tables are generation 1 (no copy). A building generation's position is its
      // own row in projection_checkpoints (`<projection>@g<n>`), so its batches keep the same
      // guarded commit as the live projector's. retired_generation: switched away from, tables
      // not yet dropped (a crash between the switch and the drop is finished by the next rebuild).
      `CREATE TABLE ${d.table('projection_generations')} (
        projection          ${d.columnType('text')} PRIMARY KEY,
        live_generation     ${d.columnType('integer')} NOT NULL,
        building_generation ${d.columnType('integer')},
        retired_generation  ${d.columnType('integer')}
      )`,
      `INSERT INTO ${d.table('projection_generations')} (projection, live_generation) VALUES ('client-view', 1)`,
    ],
  },
];

export type MigrationStatement = Readonly<{ sql: string; params: readonly SqlValue[] }>;

/**
 * All SQL of migrating, for one database; each engine runs it in one transaction of its own
 * kind (a synchronous one on SQLite, so a store is usable as soon as it is opened).
 */
export type MigrationPlan = Readonly<{
  createLedger: string;
  /** Selects `version`: the highest applied, 0 for a new database. */
  appliedVersion: string;
  /** What brings a database at version `applied` to the latest, ledger rows included. */
  pending(applied: number): MigrationStatement[];
}>;

export const readModelMigrations = (d: SqlDialect, migrationsTable: string): MigrationPlan => {
  const ledger = d.table(migrationsTable);
  return {
    createLedger: `CREATE TABLE IF NOT EXISTS ${ledger} (
      version    ${d.columnType('integer')} PRIMARY KEY,
      name       ${d.columnType('text')} NOT NULL,
      applied_at ${d.columnType('text')} NOT NULL
    )`,
    appliedVersion: `SELECT COALESCE(MAX(version), 0) AS version FROM ${ledger}`,
    pending: (applied) =>
      MIGRATIONS.filter((migration) => migration.version > applied).flatMap((migration) => [
        ...migration.statements(d).map((sql) => ({ sql, params: [] })),
        {
          sql: `INSERT INTO ${ledger} (version, name, applied_at) VALUES (?, ?, ?)`,
          params: [migration.version, migration.name, new Date().toISOString()],
        },
      ]),
  };
};
