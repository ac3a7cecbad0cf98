import type { ClientScope } from '@crm/policy';
import { scopeCondition } from '../queries/scope-condition';
import type { RiskCaseListAfter, RiskCaseListQuery, RiskCaseRow } from '../risk-cases/risk-case-row';
import type { RiskCaseRepository } from '../store/read-model-store.port';
import type { GenerationTables } from './projection-generation';
import { RISK_CASES_TABLE } from './read-model.tables';
import type { SqlDialect } from './sql-dialect';
import type { BulkInsert, SqlSession, SqlValue } from './sql-executor';
import { CURRENT_ROW, upsertOf } from './table-definition';

type Row = { doc: string; branch_id: string | null; manager_id: string | null };
/** What the `doc` column holds: the row minus the client context, which its own columns keep current. */
type CaseDoc = Omit<RiskCaseRow, 'branchId' | 'managerId'>;

/** The list's filters, in the order their conditions are written (one cached text per combination). */
type ListFilters = Readonly<{
  after: boolean;
  status: boolean;
  severities: boolean;
  assignee: 'none' | 'one' | 'any';
  branchId: boolean;
  overdue: boolean;
  scope?: ClientScope['kind'];
}>;

const toCase = (row: Row): RiskCaseRow => ({
  ...(JSON.parse(row.doc) as CaseDoc),
  branchId: row.branch_id,
  managerId: row.manager_id,
});

/**
 * The list statement for one combination of filters: keyset on (due_by, case_id) ascending, one
 * `?` per filter in ListFilters order (two for the keyset), then the limit. Exported for plan specs.
 */
export const riskCaseListSql = (d: SqlDialect, filters: ListFilters, cases: string = d.table('risk_cases')): string => {
  const where: string[] = [];
  if (filters.after) where.push('(due_by, case_id) > (?, ?)');
  if (filters.status) where.push('status = ?');
  if (filters.severities) where.push(d.inJsonArray('severity'));
  if (filters.assignee === 'one') where.push('assignee = ?');
  if (filters.assignee === 'none') where.push('assignee IS NULL');
  if (filters.branchId) where.push('branch_id = ?');
  if (filters.overdue) where.push('overdue = 1');
  if (filters.scope === 'branch') where.push('branch_id = ?');
  if (filters.scope === 'manager') where.push('manager_id = ?');
  const condition = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return `SELECT doc, branch_id, manager_id FROM ${cases}${condition} ORDER BY due_by, case_id LIMIT ?`;
};

/** All SQL of the risk-case rows, for every engine, on one generation's tables. */
export class SqlRiskCaseRepository implements RiskCaseRepository {
  private readonly selectMany: string;
  private readonly upsert: BulkInsert;
  private readonly refreshContext: string;
  private readonly deleteAll: string;
  private readonly listTexts = new Map<string, string>();

  constructor(
    private readonly db: SqlSession,
    private readonly tables: GenerationTables,
  ) {
    const d = db.dialect;
    const cases = tables.riskCases;
    this.selectMany = `SELECT doc, branch_id, manager_id FROM ${cases} WHERE ${d.inJsonArray('case_id')}`;
    // The revision guard makes a re-applied batch a no-op even if the checkpoint were ever behind.
    this.upsert = upsertOf(RISK_CASES_TABLE, cases, `excluded.revision > ${CURRENT_ROW}.revision`);
    const fromView = (column: string) =>
      `(SELECT v.${column} FROM ${tables.clientView} v WHERE v.client_id = c.client_id)`;
    this.refreshContext = `UPDATE ${cases} AS c SET branch_id = ${fromView('branch_id')}, manager_id = ${fromView('manager_id')}
       WHERE ${d.inJsonArray('c.client_id')}`;
    this.deleteAll = `DELETE FROM ${cases}`;
  }

  async loadCases(caseIds: readonly string[]): Promise<Map<string, RiskCaseRow>> {
    const cases = new Map<string, RiskCaseRow>();
    if (caseIds.length === 0) return cases;
    for (const row of await this.db.query<Row>(this.selectMany, [JSON.stringify(caseIds)])) {
      const found = toCase(row);
      cases.set(found.id, found);
    }
    return cases;
  }

  async listCases(query: RiskCaseListQuery, after: RiskCaseListAfter | null, limit: number): Promise<RiskCaseRow[]> {
    const severities = query.severities !== undefined && query.severities.length > 0 ? query.severities : undefined;
    const scope = scopeCondition(query.scope, { branchId: 'branch_id', managerId: 'manager_id' });
    const filters: ListFilters = {
      after: after !== null,
      status: query.status !== undefined,
      severities: severities !== undefined,
      assignee: query.assignee === undefined ? 'any' : query.assignee === 'none' ? 'none' : 'one',
      branchId: query.branchId !== undefined,
      overdue: query.overdue === true,
      ...(scope !== null && query.scope !== undefined ? { scope: query.scope.kind } : {}),
    };
    const params: SqlValue[] = [];
    if (after !== null) params.push(after.dueBy, after.caseId);
    if (query.status !== undefined) params.push(query.status);
    if (severities !== undefined) params.push(JSON.stringify([...new Set(severities)]));
    if (filters.assignee === 'one' && query.assignee !== undefined) params.push(query.assignee);
    if (query.branchId !== undefined) params.push(query.branchId);
    if (scope !== null) params.push(scope.value);
    params.push(limit);
    return (await this.db.query<Row>(this.listSql(filters), params)).map(toCase);
  }

  /** Called by the store inside its batch transaction. */
  saveCases(tx: SqlSession, cases: readonly RiskCaseRow[]): Promise<void> {
    return tx.insertMany(
      this.upsert,
      cases.map((c) => {
        const { branchId, managerId, ...doc } = c;
        return [
          c.id,
          c.clientId,
          c.status,
          c.severity,
          c.dueBy,
          c.overdue ? 1 : 0,
          c.assignee,
          branchId,
          managerId,
          doc satisfies CaseDoc,
          c.revision,
          c.position,
        ];
      }),
    );
  }

  /** Called by the store inside its batch transaction, after the views: the clients' cases take their branch and manager. */
  async refreshClientContexts(tx: SqlSession, clientIds: readonly string[]): Promise<void> {
    if (clientIds.length === 0) return;
    await tx.run(this.refreshContext, [JSON.stringify(clientIds)]);
  }

  /** Called by the store inside its reset transaction. */
  async clear(tx: SqlSession): Promise<void> {
    await tx.run(this.deleteAll);
  }

  private listSql(filters: ListFilters): string {
    const key = `${+filters.after}${+filters.status}${+filters.severities}${filters.assignee}${+filters.branchId}${+filters.overdue}${filters.scope ?? 'all'}`;
    let sql = this.listTexts.get(key);
    if (sql === undefined) {
      sql = riskCaseListSql(this.db.dialect, filters, this.tables.riskCases);
      this.listTexts.set(key, sql);
    }
    return sql;
  }
}
