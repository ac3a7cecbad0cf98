import type { OpportunityStage, ProductCategory } from '@crm/domain';
import type { ClientScope } from '@crm/policy';
import type { ClientOpportunities, OpportunityRow } from '../pipeline/opportunity-row';
import type { OpenAmount } from '../pipeline/pipeline';
import { scopeCondition } from '../queries/scope-condition';
import type { OpportunityRepository, PipelineOwner } from '../store/read-model-store.port';
import type { GenerationTables } from './projection-generation';
import { OPPORTUNITIES_TABLE } from './read-model.tables';
import { ClientRowsWriter } from './client-rows.writer';
import type { SqlSession, SqlValue } from './sql-executor';

type OpportunitySqlRow = {
  opportunity_id: string;
  client_id: string;
  branch_id: string;
  manager_id: string;
  legal_name: string;
  status: string;
  stage: string;
  product_category: string;
  product_code: string | null;
  expected_amount: string;
  currency: string;
  opened_at: string;
  closed_at: string | null;
};

const COLUMNS =
  'opportunity_id, client_id, branch_id, manager_id, legal_name, status, stage, product_category, product_code, expected_amount, currency, opened_at, closed_at';

const toRow = (r: OpportunitySqlRow): OpportunityRow => ({
  opportunityId: r.opportunity_id,
  clientId: r.client_id,
  branchId: r.branch_id,
  managerId: r.manager_id,
  legalName: r.legal_name,
  status: r.status as OpportunityRow['status'],
  stage: r.stage as OpportunityStage,
  productCategory: r.product_category as ProductCategory,
  productCode: r.product_code,
  expectedAmount: r.expected_amount,
  currency: r.currency,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
});

const values = (o: OpportunityRow): unknown[] => [
  o.opportunityId,
  o.clientId,
  o.branchId,
  o.managerId,
  o.legalName,
  o.status,
  o.stage,
  o.productCategory,
  o.productCode,
  o.expectedAmount,
  o.currency,
  o.openedAt,
  o.closedAt,
];

/**
 * The pipeline's statements for an owner (a manager's or a branch's opportunities) and a scope
 * kind, each served by the owner's index prefix (owner, status, closed_at). Exported for plan specs.
 */
export const pipelineSql = (
  table: string,
  owner: PipelineOwner['kind'],
  scope: ClientScope['kind'] | undefined,
): Readonly<{ open: string; openAmounts: string; closed: string }> => {
  const column = owner === 'manager' ? 'manager_id' : 'branch_id';
  const scoped = scope === 'branch' ? ' AND branch_id = ?' : scope === 'manager' ? ' AND manager_id = ?' : '';
  return {
    open: `SELECT ${COLUMNS} FROM ${table} WHERE ${column} = ? AND status = 'open'${scoped}`,
    openAmounts: `SELECT stage, expected_amount, currency FROM ${table} WHERE ${column} = ? AND status = 'open'${scoped}`,
    closed: `SELECT status, COUNT(*) AS n FROM ${table}
      WHERE ${column} = ? AND status IN ('won', 'lost') AND closed_at >= ?${scoped} GROUP BY status`,
  };
};

/** All SQL of the `opportunities` rows, for every engine, on one generation's tables. */
export class SqlOpportunityRepository implements OpportunityRepository {
  private readonly rows: ClientRowsWriter<OpportunityRow>;
  private readonly deleteAll: string;
  private readonly statements = new Map<string, ReturnType<typeof pipelineSql>>();

  constructor(
    private readonly db: SqlSession,
    private readonly tables: GenerationTables,
  ) {
    this.rows = new ClientRowsWriter(db.dialect, OPPORTUNITIES_TABLE, tables.opportunities, values);
    this.deleteAll = `DELETE FROM ${tables.opportunities}`;
  }

  async openOpportunities(owner: PipelineOwner, scope: ClientScope): Promise<OpportunityRow[]> {
    const { sql, params } = this.prepared(owner, scope);
    return (await this.db.query<OpportunitySqlRow>(sql.open, params)).map(toRow);
  }

  async openAmounts(owner: PipelineOwner, scope: ClientScope): Promise<OpenAmount[]> {
    const { sql, params } = this.prepared(owner, scope);
    const rows = await this.db.query<{ stage: string; expected_amount: string; currency: string }>(
      sql.openAmounts,
      params,
    );
    return rows.map((r) => ({
      stage: r.stage as OpportunityStage,
      expectedAmount: r.expected_amount,
      currency: r.currency,
    }));
  }

  async closedSince(owner: PipelineOwner, since: string, scope: ClientScope): Promise<{ won: number; lost: number }> {
    const { sql, params } = this.prepared(owner, scope);
    const [ownerId, ...scoped] = params;
    const counts = { won: 0, lost: 0 };
    for (const row of await this.db.query<{ status: string; n: number | string }>(sql.closed, [
      ownerId,
      since,
      ...scoped,
    ])) {
      if (row.status === 'won' || row.status === 'lost') counts[row.status] = Number(row.n);
    }
    return counts;
  }

  /** Called by the store inside its batch transaction: each client's rows are replaced by its new ones. */
  saveOpportunities(tx: SqlSession, changes: readonly ClientOpportunities[]): Promise<void> {
    return this.rows.replace(tx, changes);
  }

  /** Called by the store inside its reset transaction. */
  async clear(tx: SqlSession): Promise<void> {
    await tx.run(this.deleteAll);
  }

  private prepared(
    owner: PipelineOwner,
    scope: ClientScope,
  ): Readonly<{ sql: ReturnType<typeof pipelineSql>; params: SqlValue[] }> {
    const condition = scopeCondition(scope, { branchId: 'branch_id', managerId: 'manager_id' });
    const kind = condition === null ? undefined : scope.kind;
    const key = `${owner.kind}:${kind ?? 'all'}`;
    let sql = this.statements.get(key);
    if (sql === undefined) {
      sql = pipelineSql(this.tables.opportunities, owner.kind, kind);
      this.statements.set(key, sql);
    }
    return { sql, params: [owner.id, ...(condition === null ? [] : [condition.value])] };
  }
}
