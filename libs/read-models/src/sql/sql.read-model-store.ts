import type {
  GenerationalReadModelStore,
  GenerationBuild,
  GenerationSwitch,
  TailProjection,
} from '../store/projection-generations.port';
import type { ProjectionChanges, ProjectionParts } from '../store/read-model-store.port';
import {
  buildingCheckpointName,
  GENERATIONAL_PROJECTION,
  generationTables,
  type GenerationTables,
} from './projection-generation';
import type { SqlDialect } from './sql-dialect';
import type { SqlExecutor, SqlSession } from './sql-executor';
import { SqlCheckpoints } from './sql.checkpoints';
import type { SqlAlertRepository } from './sql.alert.repository';
import type { SqlBranchFiguresRepository } from './sql.branch-figures.repository';
import type { SqlClientListRepository } from './sql.client-list.repository';
import type { SqlClientViewRepository } from './sql.client-view.repository';
import type { SqlComplaintRepository } from './sql.complaint.repository';
import type { SqlFeedbackRepository } from './sql.feedback.repository';
import { SqlGenerationStore } from './sql.generation-store';
import type { SqlManagerRepository } from './sql.manager.repository';
import type { SqlAgendaRepository } from './sql.agenda.repository';
import type { SqlOpportunityRepository } from './sql.opportunity.repository';
import type { SqlRiskCaseRepository } from './sql.risk-case.repository';
import type { SqlSatisfactionRepository } from './sql.satisfaction.repository';
import type { SqlServiceLevelRepository } from './sql.service-level.repository';
import { SqlProjectionGenerations } from './sql.projection-generations';

import { SqlSearchKeyRotationSteps } from './sql.search-key-rotation';
import { UNPROTECTED_SEARCH_KEYS, type SearchKeySource } from '../search/search-keys';

export type SqlReadModelStoreOptions = Readonly<{
  /**
   * How often queries' generation is re-read from projection_generations (0: never, tests only).
   * A switch in another process is seen within this; the rebuild keeps the old tables for a
   * multiple of it before dropping them, so no reader ever queries a dropped table.
   */
  generationPollMs?: number;
  /**
   * The search index's keys (search/search-keys.ts); the apps pass the data-key ring's. Default:
   * fixed, unprotected keys, for tests and tools over a bare store.
   */
  searchKeys?: SearchKeySource;
}>;

/** Cheap (one primary-key read per store, not per query) and far below the rebuild's retire delay. */
export const DEFAULT_GENERATION_POLL_MS = 500;

/**
 * The read-model store on any SQL executor; the engine adapters only open the connection and
 * migrate. Queries read the live generation's tables (resolved at open, on a switch made through
 * this store, on a commit that finds another one live, and every `generationPollMs`); each
 * generation has its own repositories, so their SQL texts (and SQLite's prepared statements) are
 * per generation.
 */
export class SqlReadModelStore implements GenerationalReadModelStore {
  private live: SqlGenerationStore;
  private readonly checkpoints: SqlCheckpoints;
  private readonly generations: SqlProjectionGenerations;
  private readonly poll: NodeJS.Timeout | null;
  private readonly searchKeys: SearchKeySource;
  private closed = false;

  /** `db` must be migrated (see read-model.migrations.ts); `liveGeneration` as read at open. */
  protected constructor(
    private readonly db: SqlExecutor,
    liveGeneration: number,
    options: SqlReadModelStoreOptions = {},
  ) {
    this.checkpoints = new SqlCheckpoints(db.dialect);
    this.generations = new SqlProjectionGenerations(db.dialect);
    this.searchKeys = options.searchKeys ?? UNPROTECTED_SEARCH_KEYS;
    this.live = this.generationStore(liveGeneration);
    const pollMs = options.generationPollMs ?? DEFAULT_GENERATION_POLL_MS;
    this.poll = pollMs > 0 ? setInterval(() => void this.refreshGeneration().catch(() => undefined), pollMs) : null;
    // Never what keeps a process alive.
    this.poll?.unref();
  }

  get clientViews(): SqlClientViewRepository {
    return this.live.clientViews;
  }

  get managers(): SqlManagerRepository {
    return this.live.managers;
  }

  get clientLists(): SqlClientListRepository {
    return this.live.clientLists;
  }

  get alerts(): SqlAlertRepository {
    return this.live.alerts;
  }

  get branchFigures(): SqlBranchFiguresRepository {
    return this.live.branchFigures;
  }

  get riskCases(): SqlRiskCaseRepository {
    return this.live.riskCases;
  }

  get agenda(): SqlAgendaRepository {
    return this.live.agenda;
  }

  get opportunities(): SqlOpportunityRepository {
    return this.live.opportunities;
  }

  get complaints(): SqlComplaintRepository {
    return this.live.complaints;
  }

  get feedback(): SqlFeedbackRepository {
    return this.live.feedback;
  }

  get satisfaction(): SqlSatisfactionRepository {
    return this.live.satisfaction;
  }

  get serviceLevels(): SqlServiceLevelRepository {
    return this.live.serviceLevels;
  }

  liveGeneration(): number {
    return this.live.generation;
  }

  /** The live generation's table names, as statements write them. */
  protected liveTables(): GenerationTables {
    return this.live.tables;
  }

  async checkpoint(name: string): Promise<bigint> {
    return this.checkpoints.read(this.db, name);
  }

  commit(name: string, from: bigint, to: bigint, changes: ProjectionChanges): Promise<void> {
    return this.moveAndWrite(name, from, to, (store, tx) => store.write(tx, changes));
  }

  commitInParts(name: string, from: bigint, to: bigint, parts: ProjectionParts): Promise<void> {
    return this.moveAndWrite(name, from, to, (store, tx) => store.writeParts(tx, parts));
  }

  /** Empties the live generation in place (queries see it refill); rebuilds use a new generation. */
  async reset(name: string): Promise<void> {
    const generation = (await this.generations.readLive(this.db, name)) ?? this.live.generation;
    await this.adopt(generation).reset(name);
  }

  generationStore(generation: number): SqlGenerationStore {
    return new SqlGenerationStore(
      this.db,
      (work) => this.db.transaction(work),
      generationTables(this.db.dialect, generation),
      this.checkpoints,
      this.searchKeys,
    );
  }

  async beginGeneration(projection: string): Promise<GenerationBuild> {
    return this.db.transaction(async (tx) => {
      const row = await this.generations.read(tx, projection);
      if (row === undefined) throw new Error(`projection ${projection} has no generations`);
      for (const old of [row.building, row.retired]) {
        if (old === null) continue;
        await this.generations.drop(tx, old);
        await this.checkpoints.delete(tx, buildingCheckpointName(projection, old));
      }
      // Never a number used before: a reader that missed a whole rebuild still sees a change.
      const generation = Math.max(row.live, row.building ?? 0, row.retired ?? 0) + 1;
      await this.generations.create(tx, generation);
      await this.generations.write(tx, projection, { live: row.live, building: generation, retired: null });
      return { generation, checkpointName: buildingCheckpointName(projection, generation), discarded: row.building };
    });
  }

  async switchGeneration(projection: string, generation: number, tail: TailProjection): Promise<GenerationSwitch> {
    const switched = await this.db.transaction(async (tx) => {
      await this.checkpoints.lock(tx, projection);
      const row = await this.generations.read(tx, projection);
      if (row?.building !== generation)
        throw new Error(`generation ${generation} of ${projection} is no longer being built`);
      const name = buildingCheckpointName(projection, generation);
      const live = await this.checkpoints.read(tx, projection);
      let built = await this.checkpoints.read(tx, name);
      let tailEvents = 0;
      if (live > built) {
        const inTransaction = new SqlGenerationStore(
          tx,
          (work) => work(tx),
          generationTables(tx.dialect, generation),
          this.checkpoints,
          this.searchKeys,
        );
        const caught = await tail(inTransaction, name, built, live);
        built = caught.position;
        tailEvents = caught.events;
        if (built < live) throw new Error(`generation ${generation} reached ${built}, not the live checkpoint ${live}`);
      }
      // Ahead of the live projector (it had not committed what the builder read): its batch in
      // flight finds the checkpoint moved and resubscribes from here, into the new generation.
      await this.checkpoints.set(tx, projection, built);
      await this.checkpoints.delete(tx, name);
      await this.generations.write(tx, projection, { live: generation, building: null, retired: row.live });
      return { generation, previous: row.live, position: built, tailEvents };
    });
    this.adopt(generation);
    return switched;
  }

  async dropRetiredGeneration(projection: string): Promise<number | null> {
    return this.db.transaction(async (tx) => {
      const row = await this.generations.read(tx, projection);
      if (row?.retired == null) return null;
      await this.generations.drop(tx, row.retired);
      await this.generations.write(tx, projection, { ...row, retired: null });
      return row.retired;
    });
  }

  /** Moves the checkpoint and writes into the live generation, in one transaction. */
  private async moveAndWrite(
    name: string,
    from: bigint,
    to: bigint,
    write: (store: SqlGenerationStore, tx: SqlSession) => Promise<void>,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.checkpoints.move(tx, name, from, to);
      // Read after the move's row lock: a switch that committed while this batch waited is seen,
      // and the batch goes to the new generation, which the switch brought to this `from`.
      const generation = (await this.generations.readLive(tx, name)) ?? this.live.generation;
      await write(this.adopt(generation), tx);
    });
  }

  /** The steps of a search-key rotation on the live generation (rotateSearchKey runs them). */
  searchKeyRotation(): SqlSearchKeyRotationSteps {
    return new SqlSearchKeyRotationSteps(
      this.db,
      (work) => this.db.transaction(work),
      this.checkpoints,
      this.live.searchIndex,
      this.live.tables.clientView,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.poll !== null) clearInterval(this.poll);
    await this.db.close();
  }

  /** Generations only grow, so a stale read (a poll overtaken by a switch) never moves back. */
  private adopt(generation: number): SqlGenerationStore {
    if (generation > this.live.generation) this.live = this.generationStore(generation);
    return generation === this.live.generation ? this.live : this.generationStore(generation);
  }

  private async refreshGeneration(): Promise<void> {
    if (this.closed) return;
    const generation = await this.generations.readLive(this.db, GENERATIONAL_PROJECTION);
    if (generation !== undefined) this.adopt(generation);
  }
}

/** Selects `live_generation` of the projection bound to `?`; each adapter runs it at open its own way. */
export const liveGenerationSql = (d: SqlDialect): string => new SqlProjectionGenerations(d).selectLive;
