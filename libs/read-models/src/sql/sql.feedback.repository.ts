import type { FeedbackStatus, FeedbackTheme } from '@crm/domain';
import type {
  ClientFeedback,
  FeedbackCount,
  FeedbackQueueAfter,
  FeedbackQueueQuery,
  FeedbackRow,
} from '../feedback/feedback-row';
import type { FeedbackRepository } from '../store/read-model-store.port';
import { ClientRowsWriter } from './client-rows.writer';
import type { GenerationTables } from './projection-generation';
import { FEEDBACK_TABLE } from './read-model.tables';
import type { SqlDialect } from './sql-dialect';
import type { SqlSession, SqlValue } from './sql-executor';

type FeedbackSqlRow = {
  feedback_id: string;
  client_id: string;
  branch_id: string;
  manager_id: string | null;
  department: string;
  product_code: string | null;
  theme: string | null;
  status: string;
  forwarded_at: string;
  answered_at: string | null;
  decided_at: string | null;
  closed_at: string | null;
};

const COLUMNS = FEEDBACK_TABLE.columns.map((c) => c.name).join(', ');

const toRow = (r: FeedbackSqlRow): FeedbackRow => ({
  feedbackId: r.feedback_id,
  clientId: r.client_id,
  branchId: r.branch_id,
  managerId: r.manager_id,
  department: r.department,
  productCode: r.product_code,
  theme: r.theme as FeedbackTheme | null,
  status: r.status as FeedbackStatus,
  forwardedAt: r.forwarded_at,
  answeredAt: r.answered_at,
  decidedAt: r.decided_at,
  closedAt: r.closed_at,
});

const values = (f: FeedbackRow): unknown[] => [
  f.feedbackId,
  f.clientId,
  f.branchId,
  f.managerId,
  f.department,
  f.productCode,
  f.theme,
  f.status,
  f.forwardedAt,
  f.answeredAt,
  f.decidedAt,
  f.closedAt,
];

/**
 * A department's queue for one combination of filters: keyset on (forwarded_at, feedback_id)
 * ascending on the department's index, `?` for the department, the keyset (two), the statuses
 * (a JSON array) when filtered, then the limit. Exported for plan specs.
 */
export const feedbackQueueSql = (
  d: SqlDialect,
  filters: Readonly<{ after: boolean; statuses: boolean }>,
  table: string = d.table('feedback'),
): string => {
  const where = ['department = ?'];
  if (filters.after) where.push('(forwarded_at, feedback_id) > (?, ?)');
  if (filters.statuses) where.push(d.inJsonArray('status'));
  return `SELECT ${COLUMNS} FROM ${table} WHERE ${where.join(' AND ')} ORDER BY forwarded_at, feedback_id LIMIT ?`;
};

/** All SQL of the `feedback` rows, for every engine, on one generation's tables. */
export class SqlFeedbackRepository implements FeedbackRepository {
  private readonly rows: ClientRowsWriter<FeedbackRow>;
  private readonly deleteAll: string;
  private readonly byId: string;
  private readonly counts: string;
  private readonly queueTexts = new Map<string, string>();

  constructor(
    private readonly db: SqlSession,
    private readonly tables: GenerationTables,
  ) {
    this.rows = new ClientRowsWriter(db.dialect, FEEDBACK_TABLE, tables.feedback, values);
    this.deleteAll = `DELETE FROM ${tables.feedback}`;
    this.byId = `SELECT ${COLUMNS} FROM ${tables.feedback} WHERE feedback_id = ?`;
    this.counts = `SELECT theme, status, COUNT(*) AS count FROM ${tables.feedback} WHERE product_code = ? GROUP BY theme, status`;
  }

  async queue(query: FeedbackQueueQuery, after: FeedbackQueueAfter | null, limit: number): Promise<FeedbackRow[]> {
    const statuses = query.statuses !== undefined && query.statuses.length > 0 ? query.statuses : undefined;
    const params: SqlValue[] = [query.department];
    if (after !== null) params.push(after.forwardedAt, after.feedbackId);
    if (statuses !== undefined) params.push(JSON.stringify([...new Set(statuses)]));
    params.push(limit);
    const sql = this.queueSql(after !== null, statuses !== undefined);
    return (await this.db.query<FeedbackSqlRow>(sql, params)).map(toRow);
  }

  async feedback(feedbackId: string): Promise<FeedbackRow | null> {
    const [row] = await this.db.query<FeedbackSqlRow>(this.byId, [feedbackId]);
    return row === undefined ? null : toRow(row);
  }

  async productCounts(productCode: string): Promise<FeedbackCount[]> {
    const rows = await this.db.query<{ theme: string | null; status: string; count: number | string }>(this.counts, [
      productCode,
    ]);
    // PostgreSQL's COUNT is a bigint, which node-postgres hands over as a string.
    return rows.map((r) => ({
      theme: r.theme as FeedbackTheme | null,
      status: r.status as FeedbackStatus,
      count: Number(r.count),
    }));
  }

  /** Called by the store inside its batch transaction: each client's rows are replaced by its new ones. */
  saveFeedback(tx: SqlSession, changes: readonly ClientFeedback[]): Promise<void> {
    return this.rows.replace(tx, changes);
  }

  /** Called by the store inside its reset transaction. */
  async clear(tx: SqlSession): Promise<void> {
    await tx.run(this.deleteAll);
  }

  private queueSql(after: boolean, statuses: boolean): string {
    const key = `${+after}${+statuses}`;
    let sql = this.queueTexts.get(key);
    if (sql === undefined) {
      sql = feedbackQueueSql(this.db.dialect, { after, statuses }, this.tables.feedback);
      this.queueTexts.set(key, sql);
    }
    return sql;
  }
}
