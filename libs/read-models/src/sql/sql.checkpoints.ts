import { CheckpointMovedError } from '../store/read-model-store.port';
import type { SqlDialect } from './sql-dialect';
import type { SqlInteger, SqlSession } from './sql-executor';

/**
 * SQL of projection_checkpoints. The guarded move is the first statement of a batch: on
 * PostgreSQL its row lock makes a second projector (or a generation switch) wait, then find the
 * checkpoint moved, before it has written anything.
 */
export class SqlCheckpoints {
  private readonly select: string;
  /** The first batch: a missing row means 0. */
  private readonly start: string;
  private readonly advance: string;
  private readonly upsert: string;
  private readonly remove: string;
  private readonly touch: string;

  constructor(d: SqlDialect) {
    const checkpoints = d.table('projection_checkpoints');
    this.select = `SELECT position FROM ${checkpoints} WHERE name = ?`;
    this.start = `INSERT INTO ${checkpoints} AS cur (name, position) VALUES (?, ?)
      ON CONFLICT (name) DO UPDATE SET position = excluded.position WHERE cur.position = 0`;
    this.advance = `UPDATE ${checkpoints} SET position = ? WHERE name = ? AND position = ?`;
    this.upsert = `INSERT INTO ${checkpoints} AS cur (name, position) VALUES (?, ?)
      ON CONFLICT (name) DO UPDATE SET position = excluded.position`;
    this.remove = `DELETE FROM ${checkpoints} WHERE name = ?`;
    this.touch = `UPDATE ${checkpoints} SET position = position WHERE name = ?`;
  }

  async read(session: SqlSession, name: string): Promise<bigint> {
    const [row] = await session.query<{ position: SqlInteger }>(this.select, [name]);
    return row === undefined ? 0n : BigInt(row.position);
  }

  /** Moves `name` from `from` to `to`, or throws CheckpointMovedError. */
  async move(tx: SqlSession, name: string, from: bigint, to: bigint): Promise<void> {
    const moved = from === 0n ? await tx.run(this.start, [name, to]) : await tx.run(this.advance, [to, name, from]);
    if (moved !== 1) throw new CheckpointMovedError(name, from, await this.read(tx, name));
  }

  async set(tx: SqlSession, name: string, position: bigint): Promise<void> {
    await tx.run(this.upsert, [name, position]);
  }

  async delete(tx: SqlSession, name: string): Promise<void> {
    await tx.run(this.remove, [name]);
  }

  /**
   * Takes the row lock a batch's guarded move needs (a no-op write; SQLite's IMMEDIATE
   * transaction already excludes every other writer), so the live projector waits until the
   * transaction ends.
   */
  async lock(tx: SqlSession, name: string): Promise<void> {
    await tx.run(this.touch, [name]);
  }
}
