import type { BulkWrite } from './sql-executor';

/**
 * A migration step that derives rows from data already stored, where SQL alone cannot derive them
 * exactly (the projector's TypeScript does): `select` reads the source rows, `writes` turns them
 * into bulk inserts. Each engine runs it inside its migration transaction.
 */
export type MigrationBackfill = Readonly<{
  select: string;
  writes: (rows: readonly object[]) => readonly BulkWrite[];
}>;
