import type Database from 'better-sqlite3';
import type { ManagerLevel } from '@crm/domain';
import type { ManagerRow } from '../managers/manager-row';
import type { ManagerRepository } from '../store/read-model-store.port';

type Row = { manager_id: string; name: string; branch_id: string; level: string; status: string; revision: number };

const toManager = (r: Row): ManagerRow => ({
  managerId: r.manager_id,
  name: r.name,
  branchId: r.branch_id,
  level: r.level as ManagerLevel,
  status: r.status === 'departed' ? 'departed' : 'active',
  revision: r.revision,
});

/** All SQL of the managers projection on SQLite. */
export class SqliteManagerRepository implements ManagerRepository {
  private readonly selectOne: Database.Statement<[string], Row>;
  private readonly upsert: Database.Statement<unknown[]>;
  private readonly deleteAll: Database.Statement<[]>;

  constructor(db: Database.Database) {
    this.selectOne = db.prepare(
      'SELECT manager_id, name, branch_id, level, status, revision FROM managers WHERE manager_id = ?',
    );
    this.upsert = db.prepare(
      `INSERT INTO managers (manager_id, name, branch_id, level, status, revision) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (manager_id) DO UPDATE SET
         name = excluded.name, branch_id = excluded.branch_id, level = excluded.level,
         status = excluded.status, revision = excluded.revision
       WHERE excluded.revision > managers.revision`,
    );
    this.deleteAll = db.prepare('DELETE FROM managers');
  }

  async loadManagers(managerIds: readonly string[]): Promise<Map<string, ManagerRow>> {
    const rows = new Map<string, ManagerRow>();
    for (const id of managerIds) {
      const row = this.selectOne.get(id);
      if (row !== undefined) rows.set(id, toManager(row));
    }
    return rows;
  }

  async getManager(managerId: string): Promise<ManagerRow | null> {
    const row = this.selectOne.get(managerId);
    return row === undefined ? null : toManager(row);
  }

  /** Called by the store inside its batch transaction. */
  saveManagers(managers: readonly ManagerRow[]): void {
    for (const m of managers) this.upsert.run(m.managerId, m.name, m.branchId, m.level, m.status, m.revision);
  }

  /** Called by the store inside its reset transaction. */
  clear(): void {
    this.deleteAll.run();
  }
}
