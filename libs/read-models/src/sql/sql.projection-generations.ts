import { dropGenerationDdl, generationDdl, GENERATIONS_TABLE } from './projection-generation';
import type { SqlDialect } from './sql-dialect';
import type { SqlInteger, SqlSession } from './sql-executor';

export type GenerationRow = Readonly<{ live: number; building: number | null; retired: number | null }>;

type Row = {
  live_generation: SqlInteger;
  building_generation: SqlInteger | null;
  retired_generation: SqlInteger | null;
};

/** SQL of projection_generations and of creating and dropping a generation's tables. */
export class SqlProjectionGenerations {
  /** Also run directly by the engine adapters when a store opens. */
  readonly selectLive: string;
  private readonly select: string;
  private readonly update: string;

  constructor(private readonly d: SqlDialect) {
    const table = d.table(GENERATIONS_TABLE);
    this.selectLive = `SELECT live_generation FROM ${table} WHERE projection = ?`;
    this.select = `SELECT live_generation, building_generation, retired_generation FROM ${table} WHERE projection = ?`;
    this.update = `UPDATE ${table} SET live_generation = ?, building_generation = ?, retired_generation = ? WHERE projection = ?`;
  }

  /** The projection's row; undefined for a name without generations (only client-view has them). */
  async read(session: SqlSession, projection: string): Promise<GenerationRow | undefined> {
    const [row] = await session.query<Row>(this.select, [projection]);
    if (row === undefined) return undefined;
    const optional = (value: SqlInteger | null): number | null => (value === null ? null : Number(value));
    return {
      live: Number(row.live_generation),
      building: optional(row.building_generation),
      retired: optional(row.retired_generation),
    };
  }

  async readLive(session: SqlSession, projection: string): Promise<number | undefined> {
    const [row] = await session.query<Pick<Row, 'live_generation'>>(this.selectLive, [projection]);
    return row === undefined ? undefined : Number(row.live_generation);
  }

  async write(tx: SqlSession, projection: string, row: GenerationRow): Promise<void> {
    await tx.run(this.update, [row.live, row.building, row.retired, projection]);
  }

  async create(tx: SqlSession, generation: number): Promise<void> {
    for (const sql of generationDdl(this.d, generation)) await tx.run(sql);
  }

  async drop(tx: SqlSession, generation: number): Promise<void> {
    for (const sql of dropGenerationDdl(this.d, generation)) await tx.run(sql);
  }
}
