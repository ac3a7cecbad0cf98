import type { Database } from 'better-sqlite3';

/**
 * Schema migrations, applied in order and recorded in `schema_migrations`. Append new ones; never
 * edit one that has shipped, since files in the field already ran it.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    position       INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id       TEXT    NOT NULL UNIQUE,
    stream_id      TEXT    NOT NULL,
    revision       INTEGER NOT NULL,
    type           TEXT    NOT NULL,
    data           TEXT    NOT NULL,
    metadata       TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    recorded_at    TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE TABLE checkpoints (
    name     TEXT    PRIMARY KEY,
    position INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];

export const migrate = (db: Database): void => {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT    NOT NULL
  )`);
  // IMMEDIATE takes the write lock before reading the version, so two processes opening a new
  // file at once cannot both run migration 1.
  db.transaction(() => {
    const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as {
      version: number;
    };
    for (let version = row.version + 1; version <= MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version - 1]);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        version,
        new Date().toISOString(),
      );
    }
  }).immediate();
};

export const SCHEMA_VERSION = MIGRATIONS.length;
