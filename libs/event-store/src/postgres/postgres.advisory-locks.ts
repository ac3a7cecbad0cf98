/**
 * Advisory lock keys (the two-int form: class, object). Advisory locks are database-wide, so the
 * object half is a hash of the schema name: stores in different schemas do not serialise each
 * other, and a hash collision between two schemas only costs them some needless waiting.
 */
const CLASS_MIGRATIONS = 0x4352_4d01;
const CLASS_POSITIONS = 0x4352_4d02;

export type AdvisoryLockKey = readonly [number, number];

/** Held while migrating, so two processes starting at once do not both run a migration. */
export const migrationLockKey = (schema: string): AdvisoryLockKey => [CLASS_MIGRATIONS, fnv1a32(schema)];

/** Held for the few microseconds in which an append takes its transaction id and positions. */
export const positionLockKey = (schema: string): AdvisoryLockKey => [CLASS_POSITIONS, fnv1a32(schema)];

/** FNV-1a as a signed 32-bit integer (advisory lock keys are int4). */
const fnv1a32 = (text: string): number => {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
};
