import { CSAT_SATISFIED_MIN, NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN } from '@crm/domain';
import type {
  SatisfactionCountRow,
  SatisfactionGroupBy,
  SatisfactionSubject,
} from '../satisfaction/satisfaction-report';
import type { SatisfactionResponseRow } from '../satisfaction/satisfaction-response';
import type { SatisfactionRepository } from '../store/read-model-store.port';
import type { GenerationTables } from './projection-generation';
import { SATISFACTION_RESPONSES_TABLE } from './read-model.tables';
import type { BulkInsert, SqlSession, SqlValue } from './sql-executor';
import { insertIgnoringConflictsOf } from './table-definition';

/** Counts come back as numbers from SQLite and as numeric strings from PostgreSQL (SUM is bigint there). */
type CountSqlRow = {
  grp: string | number | null;
  self_reported: number | string;
  nps_answers: number | string;
  promoters: number | string;
  detractors: number | string;
  csat_answers: number | string;
  satisfied: number | string;
};

const COLUMN: Readonly<Record<Exclude<SatisfactionGroupBy, 'period'>, string>> = {
  manager: 'manager_id',
  tier: 'tier',
  branch: 'branch_id',
};

/**
 * The counting statement for one shape of question: the group expression (for `period`, which of
 * the `ranges` ranges an answer falls in, by CASE over the bounds), then the window, then the
 * subject's filters. One `?` per inner bound, then the window's two, then one per filter. The
 * score classes are the domain's (satisfaction-figures.ts). Exported for plan specs.
 */
export const satisfactionCountSql = (
  table: string,
  groupBy: SatisfactionGroupBy,
  ranges: number,
  subject: Readonly<{ branch: boolean; manager: boolean }>,
): string => {
  const cases = Array.from({ length: ranges - 1 }, (_, index) => `WHEN answered_at < ? THEN ${index}`);
  const group =
    groupBy !== 'period'
      ? COLUMN[groupBy]
      : cases.length === 0
        ? '0'
        : `CASE ${cases.join(' ')} ELSE ${ranges - 1} END`;
  const where = ['answered_at >= ?', 'answered_at < ?'];
  if (subject.branch) where.push('branch_id = ?');
  if (subject.manager) where.push('manager_id = ?');
  return `SELECT ${group} AS grp, self_reported,
      SUM(CASE WHEN kind = 'nps' THEN 1 ELSE 0 END) AS nps_answers,
      SUM(CASE WHEN kind = 'nps' AND score >= ${NPS_PROMOTER_MIN} THEN 1 ELSE 0 END) AS promoters,
      SUM(CASE WHEN kind = 'nps' AND score <= ${NPS_DETRACTOR_MAX} THEN 1 ELSE 0 END) AS detractors,
      SUM(CASE WHEN kind = 'csat' THEN 1 ELSE 0 END) AS csat_answers,
      SUM(CASE WHEN kind = 'csat' AND score >= ${CSAT_SATISFIED_MIN} THEN 1 ELSE 0 END) AS satisfied
    FROM ${table} WHERE ${where.join(' AND ')}
    GROUP BY grp, self_reported`;
};

/** The `satisfaction_responses` rows (read-model migration 13): appended by the projector, counted by the figures. */
export class SqlSatisfactionRepository implements SatisfactionRepository {
  private readonly insert: BulkInsert;
  private readonly deleteAll: string;
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly db: SqlSession,
    private readonly tables: GenerationTables,
  ) {
    // An answer stored already meets its row's primary key and is left as it was.
    this.insert = insertIgnoringConflictsOf(SATISFACTION_RESPONSES_TABLE, tables.satisfactionResponses);
    this.deleteAll = `DELETE FROM ${tables.satisfactionResponses}`;
  }

  async counts(
    subject: SatisfactionSubject,
    bounds: readonly string[],
    groupBy: SatisfactionGroupBy,
  ): Promise<SatisfactionCountRow[]> {
    if (bounds.length < 2) return [];
    const ranges = groupBy === 'period' ? bounds.length - 1 : 1;
    const params: SqlValue[] = groupBy === 'period' ? bounds.slice(1, -1) : [];
    params.push(bounds[0], bounds[bounds.length - 1]);
    if (subject.branchId !== undefined) params.push(subject.branchId);
    if (subject.managerId !== undefined) params.push(subject.managerId);
    const rows = await this.db.query<CountSqlRow>(
      this.text(groupBy, ranges, subject.branchId !== undefined, subject.managerId !== undefined),
      params,
    );
    return rows.map((row) => ({
      group: row.grp === null ? null : groupBy === 'period' ? bounds[Number(row.grp)] : String(row.grp),
      selfReported: Number(row.self_reported) === 1,
      counts: {
        npsAnswers: Number(row.nps_answers),
        promoters: Number(row.promoters),
        detractors: Number(row.detractors),
        csatAnswers: Number(row.csat_answers),
        satisfied: Number(row.satisfied),
      },
    }));
  }

  /** Called by the store inside its batch transaction. */
  async saveResponses(tx: SqlSession, rows: readonly SatisfactionResponseRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.insertMany(
      this.insert,
      rows.map((r) => [
        r.clientId,
        r.surveyId,
        r.branchId,
        r.tier,
        r.managerId,
        r.kind,
        r.score,
        r.selfReported ? 1 : 0,
        r.answeredAt,
      ]),
    );
  }

  /** Called by the store inside its reset transaction. */
  async clear(tx: SqlSession): Promise<void> {
    await tx.run(this.deleteAll);
  }

  private text(groupBy: SatisfactionGroupBy, ranges: number, branch: boolean, manager: boolean): string {
    const key = `${groupBy}:${ranges}:${+branch}${+manager}`;
    let sql = this.texts.get(key);
    if (sql === undefined) {
      sql = satisfactionCountSql(this.tables.satisfactionResponses, groupBy, ranges, { branch, manager });
      this.texts.set(key, sql);
    }
    return sql;
  }
}
