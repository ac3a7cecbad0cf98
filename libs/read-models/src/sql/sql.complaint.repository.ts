import type { ComplaintChannel, ComplaintDeadline, ComplaintOutcome, ComplaintSeverity } from '@crm/domain';
import type { ClientScope } from '@crm/policy';
import type { ComplaintStatus } from '../client-view/client-view';
import type {
  ClientComplaints,
  ComplaintListAfter,
  ComplaintListQuery,
  ComplaintRow,
} from '../complaints/complaint-row';
import type { MonthWindow } from '../complaints/complaints-summary';
import { scopeCondition } from '../queries/scope-condition';
import type { ComplaintRepository } from '../store/read-model-store.port';
import { ClientRowsWriter } from './client-rows.writer';
import type { GenerationTables } from './projection-generation';
import { COMPLAINTS_TABLE } from './read-model.tables';
import type { SqlDialect } from './sql-dialect';
import type { SqlSession, SqlValue } from './sql-executor';

type ComplaintSqlRow = {
  complaint_id: string;
  client_id: string;
  branch_id: string;
  manager_id: string | null;
  category: string;
  severity: string | null;
  channel: string | null;
  status: string;
  received_at: string;
  acknowledge_by: string | null;
  due_by: string | null;
  acknowledged_at: string | null;
  escalated: string;
  resolved_at: string | null;
  outcome: string | null;
  redress_amount: string | null;
  currency: string | null;
};

const COLUMNS = COMPLAINTS_TABLE.columns.map((c) => c.name).join(', ');

const toRow = (r: ComplaintSqlRow): ComplaintRow => ({
  complaintId: r.complaint_id,
  clientId: r.client_id,
  branchId: r.branch_id,
  managerId: r.manager_id,
  category: r.category,
  severity: r.severity as ComplaintSeverity | null,
  channel: r.channel as ComplaintChannel | null,
  status: r.status as ComplaintStatus,
  receivedAt: r.received_at,
  acknowledgeBy: r.acknowledge_by,
  dueBy: r.due_by,
  acknowledgedAt: r.acknowledged_at,
  escalated: JSON.parse(r.escalated) as ComplaintDeadline[],
  resolvedAt: r.resolved_at,
  outcome: r.outcome as ComplaintOutcome | null,
  redressAmount: r.redress_amount,
  currency: r.currency,
});

const values = (c: ComplaintRow): unknown[] => [
  c.complaintId,
  c.clientId,
  c.branchId,
  c.managerId,
  c.category,
  c.severity,
  c.channel,
  c.status,
  c.receivedAt,
  c.acknowledgeBy,
  c.dueBy,
  c.acknowledgedAt,
  JSON.stringify(c.escalated),
  c.resolvedAt,
  c.outcome,
  c.redressAmount,
  c.currency,
];

/**
 * Overdue at the instant bound twice (ISO-8601 UTC, as the rows hold theirs): isComplaintOverdue
 * in SQL. Never NULL, so its negation is "not overdue".
 */
const OVERDUE = `((status <> 'resolved' AND due_by IS NOT NULL AND due_by < ?)
  OR (status = 'open' AND acknowledge_by IS NOT NULL AND acknowledge_by < ?))`;

/** The list's filters, in the order their conditions are written (one cached text per combination). */
type ListFilters = Readonly<{
  after: boolean;
  branchId: boolean;
  statuses: boolean;
  overdue: 'yes' | 'no' | 'any';
  scope?: ClientScope['kind'];
}>;

/**
 * The list statement for one combination of filters: keyset on (received_at, complaint_id)
 * descending, one `?` per filter in ListFilters order (two for the keyset and for overdue, the
 * instant twice), then the limit. Exported for plan specs.
 */
export const complaintListSql = (
  d: SqlDialect,
  filters: ListFilters,
  table: string = d.table('complaints'),
): string => {
  const where: string[] = [];
  if (filters.after) where.push('(received_at, complaint_id) < (?, ?)');
  if (filters.branchId) where.push('branch_id = ?');
  if (filters.statuses) where.push(d.inJsonArray('status'));
  if (filters.overdue === 'yes') where.push(OVERDUE);
  if (filters.overdue === 'no') where.push(`NOT ${OVERDUE}`);
  if (filters.scope === 'branch') where.push('branch_id = ?');
  if (filters.scope === 'manager') where.push('manager_id = ?');
  const condition = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return `SELECT ${COLUMNS} FROM ${table}${condition} ORDER BY received_at DESC, complaint_id DESC LIMIT ?`;
};

/**
 * A branch's complaints received, acknowledged or resolved in a window, one statement each on the
 * branch's indexes (by_branch, by_branch_acknowledged, by_branch_resolved). Exported for plan specs.
 */
export const complaintMonthSql = (
  table: string,
  scope: ClientScope['kind'] | undefined,
): Readonly<{ received: string; acknowledged: string; resolved: string }> => {
  const scoped = scope === 'branch' ? ' AND branch_id = ?' : scope === 'manager' ? ' AND manager_id = ?' : '';
  const within = (column: string) =>
    `SELECT ${COLUMNS} FROM ${table} WHERE branch_id = ? AND ${column} >= ? AND ${column} < ?${scoped}`;
  return { received: within('received_at'), acknowledged: within('acknowledged_at'), resolved: within('resolved_at') };
};

/** All SQL of the `complaints` rows, for every engine, on one generation's tables. */
export class SqlComplaintRepository implements ComplaintRepository {
  private readonly rows: ClientRowsWriter<ComplaintRow>;
  private readonly deleteAll: string;
  private readonly listTexts = new Map<string, string>();
  private readonly monthTexts = new Map<string, ReturnType<typeof complaintMonthSql>>();

  constructor(
    private readonly db: SqlSession,
    private readonly tables: GenerationTables,
  ) {
    this.rows = new ClientRowsWriter(db.dialect, COMPLAINTS_TABLE, tables.complaints, values);
    this.deleteAll = `DELETE FROM ${tables.complaints}`;
  }

  async listComplaints(
    query: ComplaintListQuery,
    after: ComplaintListAfter | null,
    now: string,
    limit: number,
  ): Promise<ComplaintRow[]> {
    const statuses = query.statuses !== undefined && query.statuses.length > 0 ? query.statuses : undefined;
    const scope = scopeCondition(query.scope, { branchId: 'branch_id', managerId: 'manager_id' });
    const filters: ListFilters = {
      after: after !== null,
      branchId: query.branchId !== undefined,
      statuses: statuses !== undefined,
      overdue: query.overdue === undefined ? 'any' : query.overdue ? 'yes' : 'no',
      ...(scope !== null && query.scope !== undefined ? { scope: query.scope.kind } : {}),
    };
    const params: SqlValue[] = [];
    if (after !== null) params.push(after.receivedAt, after.complaintId);
    if (query.branchId !== undefined) params.push(query.branchId);
    if (statuses !== undefined) params.push(JSON.stringify([...new Set(statuses)]));
    if (filters.overdue !== 'any') params.push(now, now);
    if (scope !== null) params.push(scope.value);
    params.push(limit);
    return (await this.db.query<ComplaintSqlRow>(this.listSql(filters), params)).map(toRow);
  }

  async monthRows(branchId: string, window: MonthWindow, scope: ClientScope): Promise<ComplaintRow[]> {
    const condition = scopeCondition(scope, { branchId: 'branch_id', managerId: 'manager_id' });
    const kind = condition === null ? undefined : scope.kind;
    const key = kind ?? 'all';
    let sql = this.monthTexts.get(key);
    if (sql === undefined) {
      sql = complaintMonthSql(this.tables.complaints, kind);
      this.monthTexts.set(key, sql);
    }
    const params: SqlValue[] = [branchId, window.from, window.to, ...(condition === null ? [] : [condition.value])];
    const found = await Promise.all(
      [sql.received, sql.acknowledged, sql.resolved].map((text) => this.db.query<ComplaintSqlRow>(text, params)),
    );
    // A complaint received and resolved in the month is found twice: once is enough.
    const rows = new Map<string, ComplaintRow>();
    for (const row of found.flat()) rows.set(row.complaint_id, toRow(row));
    return [...rows.values()];
  }

  /** Called by the store inside its batch transaction: each client's rows are replaced by its new ones. */
  saveComplaints(tx: SqlSession, changes: readonly ClientComplaints[]): Promise<void> {
    return this.rows.replace(tx, changes);
  }

  /** Called by the store inside its reset transaction. */
  async clear(tx: SqlSession): Promise<void> {
    await tx.run(this.deleteAll);
  }

  private listSql(filters: ListFilters): string {
    const key = `${+filters.after}${+filters.branchId}${+filters.statuses}${filters.overdue}${filters.scope ?? 'all'}`;
    let sql = this.listTexts.get(key);
    if (sql === undefined) {
      sql = complaintListSql(this.db.dialect, filters, this.tables.complaints);
      this.listTexts.set(key, sql);
    }
    return sql;
  }
}
