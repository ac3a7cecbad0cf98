import type { ClientTier } from '@crm/domain';
import type { ClientStatus } from '../client-view/client-view';
import type { ClientSearch, ClientSearchItem } from '../client-list/client-search';
import type { PortfolioRow } from '../client-list/portfolio';
import type { RiskLevel } from '../client-list/risk-level';
import type { UncoveredClient } from '../client-list/uncovered-clients';
import type { ClientLocation, ClientScope } from '@crm/policy';
import { scopeCondition } from '../queries/scope-condition';
import type { ClientListRepository } from '../store/read-model-store.port';
import type { SqlDialect } from './sql-dialect';
import type { SqlSearchIndex } from './sql.search-index';
import { generationTableName, type GenerationTables } from './projection-generation';
import { CLIENT_SEARCH_COLUMNS_INDEX, CLIENT_SEARCH_TERMS_TABLE, CLIENT_VIEW_TABLE } from './read-model.tables';
import { indexName } from './table-definition';
import type { SqlInteger, SqlSession, SqlValue } from './sql-executor';

type AlertColumns = {
  open_alerts_low: SqlInteger | null;
  open_alerts_medium: SqlInteger | null;
  open_alerts_high: SqlInteger | null;
  open_alerts_critical: SqlInteger | null;
};
type PortfolioSqlRow = AlertColumns & {
  client_id: string;
  legal_name: string;
  status: string;
  tier: string | null;
  last_contact_at: string | null;
  follow_up_dues: string | null;
  risk_level: string | null;
};
type SearchSqlRow = {
  client_id: string;
  legal_name: string;
  branch_id: string;
  manager_id: string | null;
  tier: string | null;
  status: string;
  risk_level: string | null;
  last_contact_at: string | null;
};

/**
 * The search's filters, in the order their conditions are written (so each combination is one cached
 * text). `qNameOnly` makes `q` match legal names only; `scope` restricts rows to the caller's branch
 * or portfolio (its condition comes after the other filters').
 */
type SearchFilters = Readonly<Record<EqualityFilter, boolean>> &
  Readonly<{
    q: boolean;
    qNameOnly?: boolean;
    scope?: ClientScope['kind'];
  }>;

/** The search's equality filters and their columns, in the order their conditions and values go. */
const EQUALITY_FILTERS = [
  ['managerId', 'manager_id'],
  ['branchId', 'branch_id'],
  ['tier', 'tier'],
  ['riskLevel', 'risk_level'],
  ['creditApproval', 'credit_approval'],
] as const satisfies readonly (readonly [keyof ClientSearch, string])[];
type EqualityFilter = (typeof EQUALITY_FILTERS)[number][0];

type LocationSqlRow = { branch_id: string; manager_id: string | null };
type UncoveredSqlRow = {
  client_id: string;
  legal_name: string;
  status: string;
  tier: string | null;
  manager_id: string | null;
  manager_status: string | null;
};

/** The condition of a scope kind on the given columns (the bound value comes from scopeCondition). */
const scopeSql = (kind: ClientScope['kind'] | undefined, branchId: string, managerId: string): string | null =>
  kind === 'branch' ? `${branchId} = ?` : kind === 'manager' ? `${managerId} = ?` : null;

const ALERT_COLUMNS = 'open_alerts_low, open_alerts_medium, open_alerts_high, open_alerts_critical';
const SEARCH_COLUMNS = 'client_id, legal_name, branch_id, manager_id, tier, status, risk_level, last_contact_at';
/** SEARCH_COLUMNS after client_id, from the view joined as `v`. */
const SEARCH_VIEW_COLUMNS = SEARCH_COLUMNS.split(', ')
  .slice(1)
  .map((column) => `v.${column}`)
  .join(', ');

/**
 * The search statement for one combination of filters: keyset on client_id, then one `?` per filter
 * in SearchFilters order, then the limit. With `q`, each of q's terms (the name's, and unless
 * `qNameOnly` the registration number's) is one arm whose parameters are the key version, the term,
 * the cursor and the filters' values, in that order; the limit comes after the arms. Exported so
 * specs can check its plan; on generation 1's tables unless told.
 */
export const clientSearchSql = (d: SqlDialect, filters: SearchFilters, generation = 1): string => {
  const viewsName = generationTableName(CLIENT_VIEW_TABLE.name, generation);
  const views = d.table(viewsName);
  const terms = d.table(generationTableName(CLIENT_SEARCH_TERMS_TABLE.name, generation));
  const conditions = EQUALITY_FILTERS.filter(([filter]) => filters[filter]).map(([, column]) => `${column} = ?`);
  const scoped = scopeSql(filters.scope, 'branch_id', 'manager_id');
  if (scoped !== null) conditions.push(scoped);
  if (!filters.q) {
    return `SELECT ${SEARCH_COLUMNS} FROM ${views} WHERE ${['client_id > ?', ...conditions].join(' AND ')} ORDER BY client_id LIMIT ?`;
  }
  // The blind index's rows of one term, walked in client_id order from the cursor, each joined to
  // its view: a page stops after `limit` clients instead of reading and sorting every match (a
  // common surname's prefix matches over a thousand). Two terms are two ordered arms, merged.
  // Each client is read from the index of what the search shows, not from its row (migration 18).
  const columns = d.indexedBy(indexName(viewsName, CLIENT_SEARCH_COLUMNS_INDEX));
  const arm = (t: string): string =>
    `SELECT ${t}.client_id AS client_id, ${SEARCH_VIEW_COLUMNS} FROM ${terms} ${t} JOIN ${views} v${columns} ON v.client_id = ${t}.client_id WHERE ${[`${t}.key_version = ?`, `${t}.term = ?`, `${t}.client_id > ?`, ...conditions].join(' AND ')}`;
  const arms = filters.qNameOnly ? [arm('n')] : [arm('n'), arm('r')];
  return `${arms.join(' UNION ')} ORDER BY client_id LIMIT ?`;
};

/** All SQL of the portfolio and client search, for every engine, on one generation's tables. */
export class SqlClientListRepository implements ClientListRepository {
  private readonly selectPortfolio: string;
  private readonly selectLocation: string;
  private readonly selectUncovered: string;
  private readonly searchTexts = new Map<string, string>();

  constructor(
    private readonly db: SqlSession,
    private readonly tables: GenerationTables,
    private readonly searchIndex: SqlSearchIndex,
  ) {
    const views = tables.clientView;
    this.selectPortfolio = `SELECT client_id, legal_name, status, tier, last_contact_at, follow_up_dues, risk_level, ${ALERT_COLUMNS}
        FROM ${views} WHERE manager_id = ?`;
    this.selectLocation = `SELECT branch_id, manager_id FROM ${views} WHERE client_id = ?`;
    // A manager id the registry does not hold (a view projected before its manager) counts as
    // covered: only a recorded departure or no manager at all leaves a client uncovered.
    this.selectUncovered = `SELECT v.client_id, v.legal_name, v.status, v.tier, v.manager_id, m.status AS manager_status
        FROM ${views} v LEFT JOIN ${tables.managers} m ON m.manager_id = v.manager_id
        WHERE v.branch_id = ? AND (v.manager_id IS NULL OR m.status = 'departed')`;
  }

  async uncoveredRows(branchId: string, scope?: ClientScope): Promise<UncoveredClient[]> {
    const [sql, params] = scoped(this.selectUncovered, [branchId], scope, 'v.branch_id', 'v.manager_id');
    const rows = await this.db.query<UncoveredSqlRow>(sql, params);
    return rows.map((r) => ({
      id: r.client_id,
      legalName: r.legal_name,
      status: r.status as ClientStatus,
      tier: r.tier as ClientTier | null,
      managerId: r.manager_id,
      reason: r.manager_id === null ? 'no_manager' : 'manager_departed',
    }));
  }

  async clientLocation(clientId: string): Promise<ClientLocation | null> {
    const [row] = await this.db.query<LocationSqlRow>(this.selectLocation, [clientId]);
    return row === undefined ? null : { branchId: row.branch_id, managerId: row.manager_id };
  }

  async portfolioRows(managerId: string, scope?: ClientScope): Promise<PortfolioRow[]> {
    const [sql, params] = scoped(this.selectPortfolio, [managerId], scope, 'branch_id', 'manager_id');
    const rows = await this.db.query<PortfolioSqlRow>(sql, params);
    return rows.map((r) => ({
      clientId: r.client_id,
      legalName: r.legal_name,
      status: r.status as ClientStatus,
      tier: r.tier as ClientTier | null,
      lastContactAt: r.last_contact_at,
      followUpDues: r.follow_up_dues === null ? [] : (JSON.parse(r.follow_up_dues) as string[]),
      openAlerts: alertsOf(r),
      riskLevel: (r.risk_level ?? 'none') as RiskLevel,
    }));
  }

  /** `after` is the decoded cursor ('' for the first page); returns up to `limit` rows. */
  async searchRows(search: ClientSearch, after: string, limit: number): Promise<ClientSearchItem[]> {
    const scope = scopeCondition(search.scope, { branchId: 'branch_id', managerId: 'manager_id' });
    const filters: SearchFilters = {
      managerId: search.managerId !== undefined,
      branchId: search.branchId !== undefined,
      tier: search.tier !== undefined,
      riskLevel: search.riskLevel !== undefined,
      creditApproval: search.creditApproval !== undefined,
      q: search.q !== undefined && search.q !== '',
      qNameOnly: search.matchRegistrationNo === false,
      ...(scope !== null && search.scope !== undefined ? { scope: search.scope.kind } : {}),
    };
    const values: SqlValue[] = [];
    for (const [filter] of EQUALITY_FILTERS) {
      const value = search[filter];
      if (value !== undefined) values.push(value);
    }
    if (scope !== null) values.push(scope.value);
    const params: SqlValue[] = [];
    if (filters.q && search.q !== undefined) {
      const terms = await this.searchIndex.queryTerms(search.q);
      params.push(terms.version, terms.name, after, ...values);
      if (!filters.qNameOnly) params.push(terms.version, terms.registration, after, ...values);
    } else params.push(after, ...values);
    params.push(limit);
    const rows = await this.db.query<SearchSqlRow>(this.searchSql(filters), params);
    return rows.map((r) => ({
      id: r.client_id,
      legalName: r.legal_name,
      branchId: r.branch_id,
      managerId: r.manager_id,
      tier: r.tier as ClientTier | null,
      status: r.status as ClientStatus,
      riskLevel: (r.risk_level ?? 'none') as RiskLevel,
      lastContactAt: r.last_contact_at,
    }));
  }

  private searchSql(filters: SearchFilters): string {
    const key = `${EQUALITY_FILTERS.map(([filter]) => +filters[filter]).join('')}${+filters.q}${+(filters.qNameOnly ?? false)}${filters.scope ?? 'all'}`;
    let sql = this.searchTexts.get(key);
    if (sql === undefined) {
      sql = clientSearchSql(this.db.dialect, filters, this.tables.generation);
      this.searchTexts.set(key, sql);
    }
    return sql;
  }
}

/** `sql` (ending in a WHERE clause) with the scope's condition ANDed on, and its parameters. */
const scoped = (
  sql: string,
  params: SqlValue[],
  scope: ClientScope | undefined,
  branchColumn: string,
  managerColumn: string,
): [string, SqlValue[]] => {
  const condition = scopeCondition(scope, { branchId: branchColumn, managerId: managerColumn });
  return condition === null ? [sql, params] : [`${sql} AND ${condition.sql}`, [...params, condition.value]];
};

const alertsOf = (r: AlertColumns): PortfolioRow['openAlerts'] => ({
  low: Number(r.open_alerts_low ?? 0),
  medium: Number(r.open_alerts_medium ?? 0),
  high: Number(r.open_alerts_high ?? 0),
  critical: Number(r.open_alerts_critical ?? 0),
});
