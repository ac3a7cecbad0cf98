import type Database from 'better-sqlite3';

const UUID_GLOB = [8, 4, 4, 4, 12].map((digits) => '[0-9a-f]'.repeat(digits)).join('-');

/**
 * An id as stored: a lower-case UUID (every entry id, every client id the API hands out) as its 16
 * bytes, anything else as its text. A blob never equals a text, so two ids share a key only when
 * they are the same id. `value` is an SQL expression, read three times (a column, or a named
 * parameter, which binds once).
 */
export const keyOf = (value: string): string =>
  `CASE WHEN ${value} GLOB '${UUID_GLOB}' THEN unhex(${value}, '-') ELSE ${value} END`;

/** The id a key was made from (see keyOf). */
const textOf = (key: string): string => {
  const part = (from: number, length?: number) =>
    `substr(hex(${key}), ${from}${length === undefined ? '' : `, ${length}`})`;
  const uuid = [part(1, 8), part(9, 4), part(13, 4), part(17, 4), part(21)].join(" || '-' || ");
  return `CASE WHEN typeof(${key}) = 'blob' THEN lower(${uuid}) ELSE ${key} END`;
};

/** An entry's columns, named as AccessLogRow names them, from `access_read a JOIN access_reader r`. */
export const ENTRY_COLUMNS = `${textOf('a.entry_key')} AS id, a.at, r.user_id, r.role, ${textOf('a.client_key')} AS client_id, r.route, r.purpose`;

const appendOnly = (table: string, when: 'BEFORE' | 'INSTEAD OF') =>
  ['UPDATE', 'DELETE']
    .map(
      (change) => `CREATE TRIGGER IF NOT EXISTS ${table}_no_${change.toLowerCase()} ${when} ${change} ON ${table}
    BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;`,
    )
    .join('\n  ');

/**
 * One row per entry would repeat who read and how (user, role, route, purpose: ~100 bytes) beside
 * every client a search returned, and index each entry twice (its id, and its client's page).
 * Entries naming clients at random then wrote about one index page per entry, and the writer
 * managed ~20,000 entries a second (docs/benchmarks.md). So:
 * - `access_reader`: who read and how, once per distinct tuple. Two processes writing the same
 *   new tuple at once may store it twice; both rows say the same thing.
 * - `access_read`: one ~45-byte row per entry in its client's page order (no rowid, no second
 *   index); a retried entry has the same key and is skipped. The keys' columns are BLOB, whose
 *   affinity stores a text key as text (a numeric one would turn `00123` into 123).
 * - `access_log`: the view that reads as the one table did, for people and tools.
 */
const TABLES = `
  CREATE TABLE IF NOT EXISTS access_reader (
    id      INTEGER PRIMARY KEY,
    user_id TEXT    NOT NULL,
    role    TEXT    NOT NULL,
    route   TEXT    NOT NULL,
    purpose TEXT
  );
  CREATE INDEX IF NOT EXISTS access_reader_tuple ON access_reader (user_id, role, route, purpose);
  CREATE TABLE IF NOT EXISTS access_read (
    client_key BLOB    NOT NULL,
    at         INTEGER NOT NULL,
    entry_key  BLOB    NOT NULL,
    reader     INTEGER NOT NULL,
    PRIMARY KEY (client_key, at, entry_key)
  ) WITHOUT ROWID;
  ${appendOnly('access_reader', 'BEFORE')}
  ${appendOnly('access_read', 'BEFORE')}
`;

const VIEW = `
  CREATE VIEW IF NOT EXISTS access_log AS
    SELECT ${ENTRY_COLUMNS} FROM access_read a JOIN access_reader r ON r.id = a.reader;
  ${appendOnly('access_log', 'INSTEAD OF')}
`;

/**
 * Files written before these tables hold `access_log` as a table: its rows move to the new tables
 * (in their key order, so the move is one pass) and the table goes, its triggers with it (a DROP
 * fires no DELETE trigger).
 */
const MOVE_ONE_TABLE = `
  INSERT INTO access_reader (user_id, role, route, purpose)
    SELECT DISTINCT user_id, role, route, purpose FROM access_log;
  INSERT OR IGNORE INTO access_read (client_key, at, entry_key, reader)
    SELECT ${keyOf('l.client_id')}, l.at, ${keyOf('l.id')}, r.id
      FROM access_log l JOIN access_reader r
        ON r.user_id = l.user_id AND r.role = l.role AND r.route = l.route AND r.purpose IS l.purpose
      ORDER BY 1, 2, 3;
  DROP TABLE access_log;
`;

/**
 * Creates the tables and the view, moving a file's one-table log first (see MOVE_ONE_TABLE); one
 * immediate transaction, so a second process opening the file at the same time waits and then
 * finds the work done. Returns how many entries were moved.
 */
export const prepareAccessLogFile = (db: Database.Database): number =>
  db
    .transaction(() => {
      db.exec(TABLES);
      const oneTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'access_log'").get();
      let moved = 0;
      if (oneTable) {
        moved = db.prepare('SELECT count(*) FROM access_log').pluck().get() as number;
        db.exec(MOVE_ONE_TABLE);
      }
      db.exec(VIEW);
      return moved;
    })
    .immediate();
