import type { EndedServiceTime, RatingScore } from '../service-levels/internal-service-levels';
import type { DepartmentRatingRow, ServiceMeasure, ServiceTimeChange } from '../service-levels/service-time';
import type { ServiceLevelRepository } from '../store/read-model-store.port';
import type { GenerationTables } from './projection-generation';
import { DEPARTMENT_RATINGS_TABLE, SERVICE_TIMES_TABLE } from './read-model.tables';
import type { BulkInsert, SqlInteger, SqlSession } from './sql-executor';
import { insertIgnoringConflictsOf } from './table-definition';

type EndedSqlRow = {
  measure: string;
  department_id: string;
  started_at: string;
  ended_at: string;
  due_at: string | null;
};

/** The `service_times` and `department_ratings` rows (read-model migration 14). */
export class SqlServiceLevelRepository implements ServiceLevelRepository {
  private readonly insertStarts: BulkInsert;
  private readonly insertRatings: BulkInsert;
  private readonly updateDue: string;
  private readonly updateEnd: string;
  private readonly selectEnded: string;
  private readonly selectRatings: string;
  private readonly deleteTimes: string;
  private readonly deleteRatings: string;

  constructor(
    private readonly db: SqlSession,
    tables: GenerationTables,
  ) {
    const times = tables.serviceTimes;
    this.insertStarts = insertIgnoringConflictsOf(SERVICE_TIMES_TABLE, times);
    this.insertRatings = insertIgnoringConflictsOf(DEPARTMENT_RATINGS_TABLE, tables.departmentRatings);
    // Only while open: the first end counts, and a redelivered deadline change never rewrites a finished one.
    this.updateDue = `UPDATE ${times} SET due_at = ? WHERE measure = ? AND subject_id = ? AND ended_at IS NULL`;
    this.updateEnd = `UPDATE ${times} SET ended_at = ? WHERE measure = ? AND subject_id = ? AND ended_at IS NULL`;
    this.selectEnded = `SELECT measure, department_id, started_at, ended_at, due_at FROM ${times}
       WHERE ended_at >= ? AND ended_at < ?`;
    this.selectRatings = `SELECT department_id, score FROM ${tables.departmentRatings} WHERE rated_at >= ? AND rated_at < ?`;
    this.deleteTimes = `DELETE FROM ${times}`;
    this.deleteRatings = `DELETE FROM ${tables.departmentRatings}`;
  }

  /**
   * The batch's changes in log order. Starts go first: a piece of work never ends or moves its
   * deadline before it started, so the updates that follow always find the rows they name.
   */
  async saveServiceTimes(tx: SqlSession, changes: readonly ServiceTimeChange[]): Promise<void> {
    const starts: unknown[][] = [];
    for (const change of changes) {
      if (change.kind !== 'start') continue;
      const r = change.row;
      starts.push([r.measure, r.subjectId, r.departmentId, r.clientId, r.startedAt, r.endedAt, r.dueAt]);
    }
    if (starts.length > 0) await tx.insertMany(this.insertStarts, starts);
    for (const change of changes) {
      if (change.kind === 'due') await tx.run(this.updateDue, [change.dueAt, change.measure, change.subjectId]);
      else if (change.kind === 'end') await tx.run(this.updateEnd, [change.endedAt, change.measure, change.subjectId]);
    }
  }

  async saveRatings(tx: SqlSession, rows: readonly DepartmentRatingRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.insertMany(
      this.insertRatings,
      rows.map((r) => [r.ratingId, r.departmentId, r.ratedBy, r.score, r.ratedAt]),
    );
  }

  async endedBetween(start: string, end: string): Promise<EndedServiceTime[]> {
    const rows = await this.db.query<EndedSqlRow>(this.selectEnded, [start, end]);
    return rows.map((r) => ({
      measure: r.measure as ServiceMeasure,
      departmentId: r.department_id,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      dueAt: r.due_at,
    }));
  }

  async ratingsBetween(start: string, end: string): Promise<RatingScore[]> {
    const rows = await this.db.query<{ department_id: string; score: SqlInteger }>(this.selectRatings, [start, end]);
    return rows.map((r) => ({ departmentId: r.department_id, score: Number(r.score) }));
  }

  async clear(tx: SqlSession): Promise<void> {
    await tx.run(this.deleteTimes);
    await tx.run(this.deleteRatings);
  }
}
