import type { ClientBase } from 'pg';
import { quoteIdentifier } from './identifiers';

/**
 * PostgreSQL advisory locks, in the two-int form (class, object). They are database-wide, so every
 * class of the project is listed here, where two can be seen not to collide ("CRM" + a number),
 * and the object half is a hash of the schema name: stores in different schemas do not serialise
 * each other, and a hash collision between two schemas only costs them some needless waiting.
 */
export const ADVISORY_LOCK_CLASS = {
  /** Held while the event store migrates, so two processes starting at once do not both run a migration. */
  eventStoreMigrations: 0x4352_4d01,
  /** Held for the few microseconds in which an append takes its transaction id and positions. */
  eventStorePositions: 0x4352_4d02,
  /** Held while the access log's table and triggers are set up. */
  accessLogSetup: 0x4352_4d0a,
  /**
   * Held by every store while it creates the schema and, for stores without a lock of their own,
   * its tables: concurrent `CREATE … IF NOT EXISTS` of one name can fail on a unique index of the
   * catalogue (pg_namespace, pg_type) when several processes start at once on an empty database.
   */
  schemaSetup: 0x4352_4d0b,
  /**
   * Held for as long as a replica runs a singleton worker (session-level, on a dedicated
   * connection). Its object half hashes the schema and the worker's name together: unlike the
   * locks above, a collision here would keep one worker waiting behind another's holder, so the
   * key is per worker as well as per schema (a 1-in-2³² chance per pair of names).
   */
  workerLease: 0x4352_4d0c,
} as const;

export type AdvisoryLockKey = readonly [number, number];

/** FNV-1a of the UTF-8 bytes, as a signed 32-bit integer (advisory lock keys are int4). */
export const fnv1a32 = (text: string): number => {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
};

export const advisoryLockKey = (lockClass: number, schema: string): AdvisoryLockKey => [lockClass, fnv1a32(schema)];

/** The lock a replica holds while it runs the singleton worker `name` on the store in `schema`. */
export const workerLeaseKey = (schema: string, name: string): AdvisoryLockKey => [
  ADVISORY_LOCK_CLASS.workerLease,
  fnv1a32(`${schema}/${name}`),
];

/**
 * The backends holding `key`, as pg_locks shows a two-int advisory lock (class and object as
 * unsigned oids, objsubid 2): for operators and tests that must find a holder's session.
 */
export const ADVISORY_LOCK_HOLDERS_SQL = `SELECT pid FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND objsubid = 2
    AND classid = ($1::bigint & 4294967295)::oid AND objid = ($2::bigint & 4294967295)::oid`;

/** Waits for the lock and holds it until the client's transaction ends. */
export const takeTransactionLock = async (
  client: ClientBase,
  [lockClass, lockObject]: AdvisoryLockKey,
): Promise<void> => {
  await client.query('SELECT pg_advisory_xact_lock($1, $2)', [lockClass, lockObject]);
};

/**
 * Creates `schema` if missing, under the schemaSetup lock, inside the client's transaction: the
 * lock is held until it ends, so DDL the caller runs after it in the same transaction is
 * serialised with every other store's setup in that schema.
 */
export const createSchemaInTransaction = async (client: ClientBase, schema: string): Promise<void> => {
  await takeTransactionLock(client, advisoryLockKey(ADVISORY_LOCK_CLASS.schemaSetup, schema));
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
};
