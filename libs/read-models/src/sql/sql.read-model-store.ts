import { CheckpointMovedError } from '../store/read-model-store.port';
import type { ProjectionChanges, ReadModelStore } from '../store/read-model-store.port';
import type { SqlExecutor, SqlInteger, SqlSession } from './sql-executor';
import { SqlClientListRepository } from './sql.client-list.repository';
import { SqlClientViewRepository } from './sql.client-view.repository';
import { SqlManagerRepository } from './sql.manager.repository';

/**
 * The read-model store on any SQL executor; the engine adapters only open the connection and
 * migrate. The checkpoint guard is the first statement of a batch: on PostgreSQL its row lock
 * makes a second projector wait, then find the checkpoint moved, before it has written anything.
 */
export class SqlReadModelStore implements ReadModelStore {
  readonly clientViews: SqlClientViewRepository;
  readonly managers: SqlManagerRepository;
  readonly clientLists: SqlClientListRepository;

  private readonly selectCheckpoint: string;
  /** The first batch: a missing row means 0; reset deletes the row. */
  private readonly startCheckpoint: string;
  private readonly advanceCheckpoint: string;
  private readonly deleteCheckpoint: string;
  private closed = false;

  /** `db` must be migrated (see read-model.migrations.ts). */
  protected constructor(private readonly db: SqlExecutor) {
    this.clientViews = new SqlClientViewRepository(db);
    this.managers = new SqlManagerRepository(db);
    this.clientLists = new SqlClientListRepository(db);
    const checkpoints = db.dialect.table('projection_checkpoints');
    this.selectCheckpoint = `SELECT position FROM ${checkpoints} WHERE name = ?`;
    this.startCheckpoint = `INSERT INTO ${checkpoints} AS cur (name, position) VALUES (?, ?)
      ON CONFLICT (name) DO UPDATE SET position = excluded.position WHERE cur.position = 0`;
    this.advanceCheckpoint = `UPDATE ${checkpoints} SET position = ? WHERE name = ? AND position = ?`;
    this.deleteCheckpoint = `DELETE FROM ${checkpoints} WHERE name = ?`;
  }

  async checkpoint(name: string): Promise<bigint> {
    return this.readCheckpoint(this.db, name);
  }

  async commit(name: string, from: bigint, to: bigint, changes: ProjectionChanges): Promise<void> {
    await this.db.transaction(async (tx) => {
      const moved =
        from === 0n ? await tx.run(this.startCheckpoint, [name, to]) : await tx.run(this.advanceCheckpoint, [to, name, from]);
      if (moved !== 1) throw new CheckpointMovedError(name, from, await this.readCheckpoint(tx, name));
      await this.clientViews.saveViews(tx, changes.clientViews);
      await this.clientViews.insertTimeline(tx, changes.timeline);
      await this.managers.saveManagers(tx, changes.managers);
    });
  }

  async reset(name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.clientViews.clear(tx);
      await this.managers.clear(tx);
      await tx.run(this.deleteCheckpoint, [name]);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }

  private async readCheckpoint(session: SqlSession, name: string): Promise<bigint> {
    const [row] = await session.query<{ position: SqlInteger }>(this.selectCheckpoint, [name]);
    return row === undefined ? 0n : BigInt(row.position);
  }
}
