import type { AlertListQuery, AlertView } from '../alerts/alert-view';
import type { ClientScope } from '@crm/policy';
import { scopeCondition } from '../queries/scope-condition';
import type { AlertListAfter, AlertRepository } from '../store/read-model-store.port';
import type { GenerationTables } from './projection-generation';
import { ALERTS_TABLE } from './read-model.tables';
import type { SqlDialect } from './sql-dialect';
import type { BulkInsert, SqlSession, SqlValue } from './sql-executor';
import { CURRENT_ROW, upsertOf } from './table-definition';

type Row = { doc: string; branch_id: string | null; manager_id: string | null };
/** What the `doc` column holds: the row minus the client context, which its own columns keep current. */
type AlertDoc = Omit<AlertView, 'branchId' | 'managerId'>;

/**
 * The list's filters, in the order their conditions are written (so each combination is one cached
 * text); `scope` (the caller's branch or portfolio) comes last.
 */
type ListFilters = Readonly<{
  after: boolean;
  statuses: boolean;
  severity: boolean;
  clientId: boolean;
  ruleId: boolean;
  scope?: ClientScope['kind'];
}>;

const toAlert = (row: Row): AlertView => ({
  ...(JSON.parse(row.doc) as AlertDoc),
  branchId: row.branch_id,
  managerId: row.manager_id,
});

/**
 * The list statement for one combination of filters: keyset on (raised_at, alert_id) descending,
 * one `?` per filter in ListFilters order (two for the keyset), then the limit. `alerts` defaults
 * to generation 1's table; exported so specs can check its plan.
 */
export const alertListSql = (d: SqlDialect, filters: ListFilters, alerts: string = d.table('alerts')): string => {
  const where: string[] = [];
  if (filters.after) where.push('(raised_at, alert_id) < (?, ?)');
  if (filters.statuses) where.push(d.inJsonArray('status'));
  if (filters.severity) where.push('severity = ?');
  if (filters.clientId) where.push('client_id = ?');
  if (filters.ruleId) where.push('rule_id = ?');
  if (filters.scope === 'branch') where.push('branch_id = ?');
  if (filters.scope === 'manager') where.push('manager_id = ?');
  const condition = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return `SELECT doc, branch_id, manager_id FROM ${alerts}${condition} ORDER BY raised_at DESC, alert_id DESC LIMIT ?`;
};

/** All SQL of the alerts projection, for every engine, on one generation's tables. */
export class SqlAlertRepository implements AlertRepository {
  private readonly selectMany: string;
  private readonly selectOne: string;
  private readonly upsert: BulkInsert;
  private readonly refreshContext: string;
  private readonly deleteAll: string;
  private readonly listTexts = new Map<string, string>();

  constructor(
    private readonly db: SqlSession,
    private readonly tables: GenerationTables,
  ) {
    const d = db.dialect;
    const alerts = tables.alerts;
    this.selectMany = `SELECT doc, branch_id, manager_id FROM ${alerts} WHERE ${d.inJsonArray('alert_id')}`;
    this.selectOne = `SELECT doc, branch_id, manager_id FROM ${alerts} WHERE alert_id = ?`;
    // The revision guard makes a re-applied batch a no-op even if the checkpoint were ever behind.
    this.upsert = upsertOf(ALERTS_TABLE, alerts, `excluded.revision > ${CURRENT_ROW}.revision`);
    // Correlated on the client view as this transaction has just written it.
    const fromView = (column: string) =>
      `(SELECT v.${column} FROM ${tables.clientView} v WHERE v.client_id = a.client_id)`;
    this.refreshContext = `UPDATE ${alerts} AS a SET branch_id = ${fromView('branch_id')}, manager_id = ${fromView('manager_id')}
       WHERE ${d.inJsonArray('a.client_id')}`;
    this.deleteAll = `DELETE FROM ${alerts}`;
  }

  async loadAlerts(alertIds: readonly string[]): Promise<Map<string, AlertView>> {
    const alerts = new Map<string, AlertView>();
    if (alertIds.length === 0) return alerts;
    for (const row of await this.db.query<Row>(this.selectMany, [JSON.stringify(alertIds)])) {
      const alert = toAlert(row);
      alerts.set(alert.id, alert);
    }
    return alerts;
  }

  async getAlert(alertId: string): Promise<AlertView | null> {
    const [row] = await this.db.query<Row>(this.selectOne, [alertId]);
    return row === undefined ? null : toAlert(row);
  }

  async listAlerts(query: AlertListQuery, after: AlertListAfter | null, limit: number): Promise<AlertView[]> {
    const statuses = query.statuses !== undefined && query.statuses.length > 0 ? query.statuses : undefined;
    const scope = scopeCondition(query.scope, { branchId: 'branch_id', managerId: 'manager_id' });
    const filters: ListFilters = {
      after: after !== null,
      statuses: statuses !== undefined,
      severity: query.severity !== undefined,
      clientId: query.clientId !== undefined,
      ruleId: query.ruleId !== undefined,
      ...(scope !== null && query.scope !== undefined ? { scope: query.scope.kind } : {}),
    };
    const params: SqlValue[] = [];
    if (after !== null) params.push(after.raisedAt, after.alertId);
    if (statuses !== undefined) params.push(JSON.stringify([...new Set(statuses)]));
    if (query.severity !== undefined) params.push(query.severity);
    if (query.clientId !== undefined) params.push(query.clientId);
    if (query.ruleId !== undefined) params.push(query.ruleId);
    if (scope !== null) params.push(scope.value);
    params.push(limit);
    return (await this.db.query<Row>(this.listSql(filters), params)).map(toAlert);
  }

  /** Called by the store inside its batch transaction. */
  saveAlerts(tx: SqlSession, alerts: readonly AlertView[]): Promise<void> {
    return tx.insertMany(
      this.upsert,
      alerts.map((a) => {
        const { branchId, managerId, ...doc } = a;
        return [
          a.id,
          a.clientId,
          a.ruleId,
          a.ruleVersion,
          a.episode,
          a.severity,
          a.status,
          a.reason,
          a.raisedAt,
          a.dueBy,
          a.updatedAt,
          a.outcome,
          branchId,
          managerId,
          doc satisfies AlertDoc,
          a.revision,
          a.position,
        ];
      }),
    );
  }

  /** Called by the store inside its batch transaction, after the views: the clients' alerts take their branch and manager. */
  async refreshClientContexts(tx: SqlSession, clientIds: readonly string[]): Promise<void> {
    if (clientIds.length === 0) return;
    await tx.run(this.refreshContext, [JSON.stringify(clientIds)]);
  }

  /** Called by the store inside its reset transaction. */
  async clear(tx: SqlSession): Promise<void> {
    await tx.run(this.deleteAll);
  }

  private listSql(filters: ListFilters): string {
    const key = `${+filters.after}${+filters.statuses}${+filters.severity}${+filters.clientId}${+filters.ruleId}${filters.scope ?? 'all'}`;
    let sql = this.listTexts.get(key);
    if (sql === undefined) {
      sql = alertListSql(this.db.dialect, filters, this.tables.alerts);
      this.listTexts.set(key, sql);
    }
    return sql;
  }
}
