import type { ClientTier } from '@crm/domain';
import type { ClientScope } from '@crm/policy';
import { balancesInOrder, currentBalanceUnitsOf, type BalanceUnits } from '../client-view/client-view-balances';
import type { BranchFigures } from '../client-list/branch-dashboard';
import {
  BRANCH_COUNTS,
  branchMemberOf,
  type BranchCount,
  type BranchMember,
  type BranchMemberChange,
} from '../client-list/branch-member';
import type { ClientStatus, ClientView } from '../client-view/client-view';
import { scopeCondition } from '../queries/scope-condition';
import type { BranchFiguresRepository } from '../store/read-model-store.port';
import { contributionLimbs, unitsOfLimbs } from './contribution-limbs';
import type { GenerationTables } from './projection-generation';
import {
  BRANCH_BALANCES_TABLE,
  BRANCH_CONTRIBUTIONS_TABLE,
  BRANCH_CORE_CONTACTS_TABLE,
  BRANCH_FIGURES_TABLE,
} from './read-model.tables';
import type { MigrationBackfill } from './migration-backfill';
import type { BulkWrite, SqlInteger, SqlSession, SqlValue } from './sql-executor';
import { accumulateOf, upsertOf } from './table-definition';

/** What PostgreSQL's SUM of a bigint gives back (numeric, as text) besides the integers of both engines. */
type SqlSum = SqlInteger | string;

type FigureColumns = Record<BranchCount, SqlSum> & {
  contribution_high: SqlSum;
  contribution_low: SqlSum;
  core_junior: SqlSum;
  top_high: SqlSum;
  top_low: SqlSum;
  core_covered: SqlSum;
};

type FiguresSqlRow = FigureColumns & {
  /** One row per currency of the branch's balances; a branch without any has one row, currency null. */
  currency: string | null;
  aum_high: SqlSum | null;
  aum_low: SqlSum | null;
  loans_high: SqlSum | null;
  loans_low: SqlSum | null;
  limits_high: SqlSum | null;
  limits_low: SqlSum | null;
};

/** The client_view columns a member's balances are read from by a back-fill. */
type BalancesSqlRow = { client_id: string; branch_id: string; manager_id: string | null; status: string; doc: string };

/** The client_view columns a member is made of, as a back-fill reads them. */
type MemberSqlRow = {
  client_id: string;
  branch_id: string;
  manager_id: string | null;
  status: string;
  tier: string | null;
  annual_contribution: string | null;
  last_contact_at: string | null;
  open_products: SqlInteger | null;
  last_nps: SqlInteger | null;
  open_alerts_low: SqlInteger | null;
  open_alerts_medium: SqlInteger | null;
  open_alerts_high: SqlInteger | null;
  open_alerts_critical: SqlInteger | null;
};

/** `''` stands for "no manager" in the figures' key (see BRANCH_FIGURES_TABLE). */
const managerKey = (managerId: string | null): string => managerId ?? '';

/**
 * All SQL of the branch dashboard's aggregates (branch_figures, branch_contributions,
 * branch_core_contacts) on one generation's tables: the projector adds each batch's member changes
 * in its transaction, and the dashboard reads a branch in one statement.
 */
export class SqlBranchFiguresRepository implements BranchFiguresRepository {
  private readonly deleteContributions: string;
  private readonly deleteCoreContacts: string;
  private readonly clearAll: readonly string[];
  private readonly figureTexts = new Map<string, string>();

  constructor(
    private readonly db: SqlSession,
    private readonly tables: GenerationTables,
  ) {
    const d = db.dialect;
    this.deleteContributions = `DELETE FROM ${tables.branchContributions} WHERE ${d.inJsonArray('client_id')}`;
    this.deleteCoreContacts = `DELETE FROM ${tables.branchCoreContacts} WHERE ${d.inJsonArray('client_id')}`;
    this.clearAll = [
      tables.branchFigures,
      tables.branchContributions,
      tables.branchCoreContacts,
      tables.branchBalances,
    ].map((table) => `DELETE FROM ${table}`);
  }

  async figures(branchId: string, coveredSince: number, scope?: ClientScope): Promise<BranchFigures> {
    const condition = scopeCondition(scope, { branchId: 'branch_id', managerId: 'manager_id' });
    const scoped: SqlValue[] = condition === null ? [] : [condition.value];
    const params = [branchId, ...scoped, branchId, ...scoped, branchId, coveredSince, ...scoped, branchId, ...scoped];
    const rows = await this.db.query<FiguresSqlRow>(this.figuresSql(scope), params);
    const row = rows[0];
    const count = (name: keyof FigureColumns): number => Number(row[name]);
    const big = (name: keyof FigureColumns): bigint => BigInt(row[name]);
    return {
      clients: count('clients'),
      prospects: count('prospects'),
      clientsByTier: {
        core: count('core_clients'),
        key: count('key_clients'),
        standard: count('standard_clients'),
        basic: count('basic_clients'),
      },
      contributionTotal: unitsOfLimbs(big('contribution_high'), big('contribution_low')),
      topContribution: unitsOfLimbs(big('top_high'), big('top_low')),
      coreCovered: count('core_covered'),
      coreClientsWithJuniorManager: count('core_junior'),
      products: count('products'),
      npsAnswers: count('nps_answers'),
      promoters: count('nps_promoters'),
      detractors: count('nps_detractors'),
      openAlertsBySeverity: {
        low: count('open_alerts_low'),
        medium: count('open_alerts_medium'),
        high: count('open_alerts_high'),
        critical: count('open_alerts_critical'),
      },
      balances: balancesInOrder(rows.flatMap(balancesOfRow)),
    };
  }

  /** Called by the store inside its batch transaction. */
  async saveChanges(tx: SqlSession, changes: readonly BranchMemberChange[]): Promise<void> {
    if (changes.length === 0) return;
    const writes = branchFigureWrites(this.tables, changes);
    const gone = (value: (m: BranchMember) => unknown): string[] =>
      changes.filter((c) => c.before !== null && value(c.before) !== null && value(c.after) === null).map(idOf);
    const noContribution = gone((m) => m.contribution);
    const noCoreContact = gone((m) => m.coreLastContact);
    if (noContribution.length > 0) await tx.run(this.deleteContributions, [JSON.stringify(noContribution)]);
    if (noCoreContact.length > 0) await tx.run(this.deleteCoreContacts, [JSON.stringify(noCoreContact)]);
    for (const write of writes) await tx.insertMany(write.insert, write.rows);
  }

  /** Called by the store inside its reset transaction. */
  async clear(tx: SqlSession): Promise<void> {
    for (const sql of this.clearAll) await tx.run(sql);
  }

  /**
   * One statement, so every figure comes from the same snapshot: the branch's figures summed over
   * its managers (the junior-manager count through the managers' current level), the top fifth of
   * its contributions off their index (`(n + 4) / 5` is paretoTopCount), and the core clients
   * contacted since the request's cut-off off theirs, and the balances per currency (one row each,
   * the other columns repeated). The scope's condition is ANDed onto each (one text per scope
   * kind, its value bound four times).
   */
  private figuresSql(scope: ClientScope | undefined): string {
    const kind = scope?.kind ?? 'all';
    let sql = this.figureTexts.get(kind);
    if (sql !== undefined) return sql;
    const and = (alias: string): string => {
      const condition = scopeCondition(scope, { branchId: `${alias}.branch_id`, managerId: `${alias}.manager_id` });
      return condition === null ? '' : ` AND ${condition.sql}`;
    };
    const { branchFigures, branchContributions, branchCoreContacts, branchBalances, managers } = this.tables;
    const sums = BRANCH_COUNTS.map((name) => `COALESCE(SUM(f.${name}), 0) AS ${name}`).join(',\n           ');
    sql = `WITH figures AS (
    SELECT ${sums},
           COALESCE(SUM(f.contribution_high), 0) AS contribution_high,
           COALESCE(SUM(f.contribution_low), 0) AS contribution_low,
           COALESCE(SUM(CASE WHEN m.level = 'associate' THEN f.core_clients ELSE 0 END), 0) AS core_junior
      FROM ${branchFigures} f LEFT JOIN ${managers} m ON m.manager_id = f.manager_id
     WHERE f.branch_id = ?${and('f')}
  ),
  fifth AS (
    SELECT c.contribution_high, c.contribution_low FROM ${branchContributions} c
     WHERE c.branch_id = ?${and('c')}
     ORDER BY c.contribution_high DESC, c.contribution_low DESC
     LIMIT (SELECT (contributors + 4) / 5 FROM figures)
  )
  SELECT figures.*, top.top_high, top.top_low,
         (SELECT COUNT(*) FROM ${branchCoreContacts} k
           WHERE k.branch_id = ? AND k.last_contact_ms >= ?${and('k')}) AS core_covered,
         b.currency, b.aum_high, b.aum_low, b.loans_high, b.loans_low, b.limits_high, b.limits_low
    FROM figures
   CROSS JOIN (SELECT COALESCE(SUM(contribution_high), 0) AS top_high, COALESCE(SUM(contribution_low), 0) AS top_low
                 FROM fifth) top
    LEFT JOIN (SELECT currency, SUM(aum_high) AS aum_high, SUM(aum_low) AS aum_low,
                      SUM(loans_high) AS loans_high, SUM(loans_low) AS loans_low,
                      SUM(limits_high) AS limits_high, SUM(limits_low) AS limits_low
                 FROM ${branchBalances} s
                WHERE s.branch_id = ?${and('s')}
                GROUP BY currency) b ON 1 = 1`;
    this.figureTexts.set(kind, sql);
    return sql;
  }
}

const idOf = (change: BranchMemberChange): string => change.after.clientId;

const balancesOfRow = (row: FiguresSqlRow): BalanceUnits[] => {
  if (row.currency === null) return [];
  const units = (high: SqlSum | null, low: SqlSum | null): bigint => unitsOfLimbs(BigInt(high ?? 0), BigInt(low ?? 0));
  return [
    {
      currency: row.currency,
      aum: units(row.aum_high, row.aum_low),
      loansOutstanding: units(row.loans_high, row.loans_low),
      totalLimits: units(row.limits_high, row.limits_low),
    },
  ];
};

/**
 * The bulk writes that add `changes` to the aggregates: per key, the sum of what each member adds
 * now less what it added before (a reassigned client moves between keys); and the ordered rows
 * of every member whose contribution or core contact is new or moved. Removals are the caller's.
 */
export const branchFigureWrites = (tables: GenerationTables, changes: readonly BranchMemberChange[]): BulkWrite[] => {
  const deltas = new Map<string, { key: [string, string]; counts: number[]; high: bigint; low: bigint }>();
  const add = (member: BranchMember, sign: 1 | -1): void => {
    const key: [string, string] = [member.branchId, managerKey(member.managerId)];
    const id = JSON.stringify(key);
    let delta = deltas.get(id);
    if (delta === undefined) {
      delta = { key, counts: BRANCH_COUNTS.map(() => 0), high: 0n, low: 0n };
      deltas.set(id, delta);
    }
    BRANCH_COUNTS.forEach((name, index) => (delta.counts[index] += sign * member.counts[name]));
    if (member.contribution !== null) {
      // Each member's own limbs, never a split of the net change: the stored limbs are then
      // always the sums of the current members' limbs, bounded as contribution-limbs.ts says.
      const [high, low] = contributionLimbs(member.contribution);
      delta.high += sign < 0 ? -high : high;
      delta.low += sign < 0 ? -low : low;
    }
  };
  // Per (branch, manager, currency): three sums of limbs, each member's own as for contributions.
  const balanceDeltas = new Map<string, { key: [string, string, string]; limbs: bigint[] }>();
  const addBalances = (member: BranchMember, sign: 1 | -1): void => {
    for (const b of member.balances) {
      const key: [string, string, string] = [member.branchId, managerKey(member.managerId), b.currency];
      const id = JSON.stringify(key);
      let delta = balanceDeltas.get(id);
      if (delta === undefined) {
        delta = { key, limbs: [0n, 0n, 0n, 0n, 0n, 0n] };
        balanceDeltas.set(id, delta);
      }
      const limbs = [b.aum, b.loansOutstanding, b.totalLimits].flatMap((units) => contributionLimbs(units));
      limbs.forEach((limb, index) => (delta.limbs[index] += sign < 0 ? -limb : limb));
    }
  };
  const contributions: unknown[][] = [];
  const coreContacts: unknown[][] = [];
  for (const { before, after } of changes) {
    if (before !== null) {
      add(before, -1);
      addBalances(before, -1);
    }
    add(after, 1);
    addBalances(after, 1);
    const moved = before === null || before.branchId !== after.branchId || before.managerId !== after.managerId;
    if (after.contribution !== null && (moved || before.contribution !== after.contribution)) {
      contributions.push([after.clientId, after.branchId, after.managerId, ...contributionLimbs(after.contribution)]);
    }
    if (after.coreLastContact !== null && (moved || before.coreLastContact !== after.coreLastContact)) {
      coreContacts.push([after.clientId, after.branchId, after.managerId, after.coreLastContact]);
    }
  }
  const figures: unknown[][] = [];
  for (const { key, counts, high, low } of deltas.values()) {
    if (high !== 0n || low !== 0n || counts.some((n) => n !== 0)) figures.push([...key, ...counts, high, low]);
  }
  const balances: unknown[][] = [];
  for (const { key, limbs } of balanceDeltas.values()) {
    if (limbs.some((limb) => limb !== 0n)) balances.push([...key, ...limbs]);
  }
  return [
    { insert: accumulateOf(BRANCH_FIGURES_TABLE, tables.branchFigures), rows: figures },
    { insert: accumulateOf(BRANCH_BALANCES_TABLE, tables.branchBalances), rows: balances },
    { insert: upsertOf(BRANCH_CONTRIBUTIONS_TABLE, tables.branchContributions), rows: contributions },
    { insert: upsertOf(BRANCH_CORE_CONTACTS_TABLE, tables.branchCoreContacts), rows: coreContacts },
  ].filter((write) => write.rows.length > 0);
};

/**
 * Fills a generation's aggregates from its client_view rows (read-model migration 5), with the
 * same derivation the projector uses, as if every client were new.
 */
export const branchFiguresBackfill = (tables: GenerationTables): MigrationBackfill => ({
  select: `SELECT client_id, branch_id, manager_id, status, tier, annual_contribution, last_contact_at, open_products,
      last_nps, open_alerts_low, open_alerts_medium, open_alerts_high, open_alerts_critical FROM ${tables.clientView}`,
  writes: (rows) =>
    branchFigureWrites(
      tables,
      (rows as readonly MemberSqlRow[]).map((r) => ({ before: null, after: memberOfRow(r) })),
    ),
});

/**
 * Fills a generation's branch_balances from its stored views (read-model migration 6): the
 * current figures are in each document, worked out by the projector's own code. Documents stored
 * before then have facilities but no balances: their trend history comes with a rebuild.
 */
export const branchBalancesBackfill = (tables: GenerationTables): MigrationBackfill => ({
  select: `SELECT client_id, branch_id, manager_id, status, doc FROM ${tables.clientView}`,
  writes: (rows) =>
    branchFigureWrites(
      tables,
      (rows as readonly BalancesSqlRow[]).map((r) => ({ before: null, after: balancesMemberOfRow(r) })),
    ),
});

/** A member that adds only its balances (zero counts write nothing): the other aggregates are back-filled already. */
const balancesMemberOfRow = (r: BalancesSqlRow): BranchMember => ({
  clientId: r.client_id,
  branchId: r.branch_id,
  managerId: r.manager_id,
  counts: Object.fromEntries(BRANCH_COUNTS.map((name) => [name, 0])) as Record<BranchCount, number>,
  contribution: null,
  coreLastContact: null,
  balances: r.status === 'client' ? currentBalanceUnitsOf(JSON.parse(r.doc) as ClientView) : [],
});

const memberOfRow = (r: MemberSqlRow): BranchMember =>
  branchMemberOf({
    clientId: r.client_id,
    branchId: r.branch_id,
    managerId: r.manager_id,
    status: r.status as ClientStatus,
    tier: r.tier as ClientTier | null,
    annualContribution: r.annual_contribution,
    lastContactAt: r.last_contact_at,
    openProducts: Number(r.open_products ?? 0),
    lastNps: r.last_nps === null ? null : Number(r.last_nps),
    // Migration 5 ran before balances existed; migration 6 back-fills them.
    balances: [],
    openAlerts: {
      low: Number(r.open_alerts_low ?? 0),
      medium: Number(r.open_alerts_medium ?? 0),
      high: Number(r.open_alerts_high ?? 0),
      critical: Number(r.open_alerts_critical ?? 0),
    },
  });
