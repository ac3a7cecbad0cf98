import type { ManagerLevel } from '@crm/domain';
import type { ManagerRow } from '../managers/manager-row';
import type { ManagerRepository } from '../store/read-model-store.port';
import type { GenerationTables } from './projection-generation';
import { MANAGERS_TABLE } from './read-model.tables';
import type { BulkInsert, SqlInteger, SqlSession } from './sql-executor';
import { columnList, CURRENT_ROW, upsertOf } from './table-definition';

type Row = { manager_id: string; name: string; branch_id: string; level: string; status: string; revision: SqlInteger };

const toManager = (r: Row): ManagerRow => ({
  managerId: r.manager_id,
  name: r.name,
  branchId: r.branch_id,
  level: r.level as ManagerLevel,
  status: r.status === 'departed' ? 'departed' : 'active',
  revision: Number(r.revision),
});

/** All SQL of the managers projection, for every engine, on one generation's table. */
export class SqlManagerRepository implements ManagerRepository {
  private readonly selectMany: string;
  private readonly selectOne: string;
  private readonly upsert: BulkInsert;
  private readonly deleteAll: string;

  constructor(
    private readonly db: SqlSession,
    tables: GenerationTables,
  ) {
    const d = db.dialect;
    const managers = tables.managers;
    const columns = columnList(MANAGERS_TABLE);
    this.selectMany = `SELECT ${columns} FROM ${managers} WHERE ${d.inJsonArray('manager_id')}`;
    this.selectOne = `SELECT ${columns} FROM ${managers} WHERE manager_id = ?`;
    this.upsert = upsertOf(MANAGERS_TABLE, managers, `excluded.revision > ${CURRENT_ROW}.revision`);
    this.deleteAll = `DELETE FROM ${managers}`;
  }

  async loadManagers(managerIds: readonly string[]): Promise<Map<string, ManagerRow>> {
    const rows = new Map<string, ManagerRow>();
    if (managerIds.length === 0) return rows;
    for (const row of await this.db.query<Row>(this.selectMany, [JSON.stringify(managerIds)]))
      rows.set(row.manager_id, toManager(row));
    return rows;
  }

  async getManager(managerId: string): Promise<ManagerRow | null> {
    const [row] = await this.db.query<Row>(this.selectOne, [managerId]);
    return row === undefined ? null : toManager(row);
  }

  /** Called by the store inside its batch transaction. */
  saveManagers(tx: SqlSession, managers: readonly ManagerRow[]): Promise<void> {
    return tx.insertMany(
      this.upsert,
      managers.map((m) => [m.managerId, m.name, m.branchId, m.level, m.status, m.revision]),
    );
  }

  /** Called by the store inside its reset transaction. */
  async clear(tx: SqlSession): Promise<void> {
    await tx.run(this.deleteAll);
  }
}
