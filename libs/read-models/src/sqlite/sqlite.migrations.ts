import type Database from 'better-sqlite3';

/**
 * Versioned schema of the read-model database. Append new migrations; never edit an applied one
 * (a database only runs the versions above the highest it has recorded).
 */
type Migration = Readonly<{ version: number; name: string; sql: string }>;

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'client view, timeline, managers, checkpoints',
    sql: `
      CREATE TABLE client_view (
        client_id  TEXT PRIMARY KEY,
        branch_id  TEXT NOT NULL,
        manager_id TEXT,
        tier       TEXT,
        status     TEXT NOT NULL,
        doc        TEXT NOT NULL,
        revision   INTEGER NOT NULL,
        position   INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX client_view_by_manager ON client_view (manager_id);
      CREATE INDEX client_view_by_branch ON client_view (branch_id, tier);

      CREATE TABLE client_timeline (
        client_id   TEXT NOT NULL,
        revision    INTEGER NOT NULL,
        position    INTEGER NOT NULL,
        type        TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        doc         TEXT NOT NULL,
        PRIMARY KEY (client_id, revision)
      );

      CREATE TABLE managers (
        manager_id TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        branch_id  TEXT NOT NULL,
        level      TEXT NOT NULL,
        status     TEXT NOT NULL,
        revision   INTEGER NOT NULL
      );

      CREATE TABLE projection_checkpoints (
        name     TEXT PRIMARY KEY,
        position INTEGER NOT NULL
      );
    `,
  },
];

export const migrate = (db: Database.Database): void => {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number };
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS) {
    if (migration.version <= applied.v) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
  }
};

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
