import type { ClientRows } from '../client-view/client-rows';
import type { SqlDialect } from './sql-dialect';
import type { BulkInsert, SqlSession } from './sql-executor';
import { upsertOf, type TableDefinition } from './table-definition';

/**
 * Writes a table whose rows are derived per client from its view (the agenda, the opportunities):
 * a client's stored rows are replaced by its new ones, inside the batch's transaction.
 */
export class ClientRowsWriter<T> {
  private readonly upsert: BulkInsert;
  private readonly deleteOfClients: string;

  constructor(
    d: SqlDialect,
    definition: TableDefinition,
    table: string,
    private readonly values: (row: T) => unknown[],
  ) {
    // `table` is a generation's table as SqlDialect.table renders it.
    this.upsert = upsertOf(definition, table);
    this.deleteOfClients = `DELETE FROM ${table} WHERE ${d.inJsonArray('client_id')}`;
  }

  /** Inserts rows (an existing row is overwritten) without deleting any. */
  async insert(tx: SqlSession, rows: readonly T[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.insertMany(this.upsert, rows.map(this.values));
  }

  async replace(tx: SqlSession, changes: readonly ClientRows<T>[]): Promise<void> {
    if (changes.length === 0) return;
    await tx.run(this.deleteOfClients, [JSON.stringify(changes.map((change) => change.clientId))]);
    await tx.insertMany(
      this.upsert,
      changes.flatMap((change) => change.rows.map(this.values)),
    );
  }
}
