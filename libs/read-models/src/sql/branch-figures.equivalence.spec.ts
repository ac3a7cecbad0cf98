import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { currentSchemaVersion, type ClientTier, type ManagerLevel, type Severity } from '@crm/domain';
import { SqliteEventStore, type NewEvent, type RecordedEvent } from '@crm/event-store';
import type { ClientScope } from '@crm/policy';
import {
  createTestSchema,
  describeWithPostgres,
  mulberry32,
  POSTGRES_TEST_URL,
  RealisticClientData,
  type RealisticEvent,
} from '@crm/testing';
import { branchDashboardOf, type BranchClientRow, type BranchDashboard } from '../client-list/branch-dashboard';
import { branchMemberOf, type BranchMemberChange } from '../client-list/branch-member';
import { ClientListQueries } from '../client-list/client-list.queries';
import type { ClientStatus, ClientView } from '../client-view/client-view';
import { currentBalanceUnitsOf } from '../client-view/client-view-balances';
import { ClientViewQueries } from '../client-view/client-view.queries';
import { PostgresDialect } from '../postgres/postgres.dialect';
import { PostgresReadModelStore } from '../postgres/postgres.read-model-store';
import { CLIENT_READ_MODELS_PROJECTION, ClientReadModelsProjector } from '../projector/client-read-models.projector';
import { rebuildIntoNewGeneration } from '../projector/generation-rebuild';
import { SQLITE_DIALECT } from '../sqlite/sqlite.dialect';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import { generationTableName, generationTables } from './projection-generation';
import type { SqlDialect } from './sql-dialect';
import type { SqlReadModelStore } from './sql.read-model-store';

/**
 * The dashboard from the projection's aggregates against the full computation it replaced (every
 * client row of the branch, read by the old statement and counted by branchDashboardOf), on
 * generated data with alerts, reassignments, regrades, demotions and huge contributions mixed in:
 * after each of many irregular batches, and after a generation rebuild, an in-place replay and the
 * migration that back-fills the aggregates. Equal means the same JSON, key order included.
 */
const SEED = 20261213;
const END_AT = '2026-11-30T00:00:00.000Z';
const DAY = 86_400_000;
/** The clock cut-off of coverage falls among the last contacts at each of these. */
const NOWS = [new Date(END_AT), new Date(Date.parse(END_AT) + 20 * DAY), new Date(Date.parse(END_AT) - 200 * DAY)];
/** Irregular, so batches split streams anywhere; small ones show a client changing over several batches. */
const BATCH_SIZES = [1, 7, 350, 3, 1200, 40, 2, 5000, 90];
const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** Engine-specific: a store on a fresh database, and reads of its tables that bypass the store. */
type Engine = Readonly<{
  dialect: SqlDialect;
  /** A store on a new, empty database. */
  open(): Promise<SqlReadModelStore>;
  /** A store on the database the last `open` created. */
  reopen(): Promise<SqlReadModelStore>;
  rows(sql: string, params: readonly (string | number)[]): Promise<Record<string, unknown>[]>;
  /** Takes the database back to read-model version 4 (no aggregates), keeping its views. */
  downgradeToVersion4(store: SqlReadModelStore): Promise<void>;
  dispose(): Promise<void>;
}>;

/**
 * The realistic book plus what it lacks: alerts raised, escalated and resolved on its clients,
 * now and then a contribution too large for a 64-bit count of units, and holdings' balances in
 * two currencies (some overdrawn, some huge, some restated or reported late).
 */
const generateLog = (): { events: NewEventAt[]; branchIds: readonly string[]; managerIds: readonly string[] } => {
  const data = new RealisticClientData({ clients: 700, branches: 4, managers: 16, seed: SEED, endAt: END_AT });
  const random = mulberry32(SEED);
  const events: NewEventAt[] = [];
  const clients: string[] = [];
  const open = new Map<string, { clientId: string; severity: Severity }>();
  const levels = new Map(data.managers.map((m) => [m.managerId, m.level]));
  const core = new Set<string>();
  const coverer = new Map<string, string>();
  let generated = 0;
  let alerts = 0;
  const push = (streamId: string, type: string, data: object, occurredAt: string): void => {
    events.push({
      streamId,
      event: {
        eventId: `extra-${events.length}`,
        type,
        data,
        metadata: {
          occurredAt,
          correlationId: `extra-${events.length}`,
          causationId: `extra-${events.length}`,
          actor: { userId: 'risk-officer-1', role: 'risk_officer' },
        },
        schemaVersion: currentSchemaVersion(type),
      },
    });
  };
  for (const item of data.events() as Iterable<RealisticEvent>) {
    // The generator's own opening balances (CNY, modest) give way to the wider mix reported below.
    if (item.event.type === 'HoldingBalanceReported') continue;
    events.push(item);
    const at = item.event.metadata.occurredAt;
    if (item.event.type === 'ProductHoldingOpened') {
      const { holdingId } = item.event.data as { holdingId: string };
      const currency = random() < 0.8 ? 'CNY' : 'USD';
      const report = (asOf: string): void => {
        const roll = random();
        const balance =
          roll < 0.05
            ? `-${Math.floor(random() * 100_000)}.25`
            : roll < 0.1
              ? `${Math.floor(1 + random() * 8)}${'9'.repeat(17)}.9999`
              : `${Math.floor(random() * 50_000_000)}.${Math.floor(random() * 100)}`;
        push(item.streamId, 'HoldingBalanceReported', { holdingId, balance, currency, asOf }, at);
      };
      report(at.slice(0, 10));
      // A late report of an earlier date: history only, the current balance stays.
      if (random() < 0.3) report(`${Number(at.slice(0, 4)) - 1}${at.slice(4, 7)}-01`);
    }
    if (item.event.type === 'ProspectRegistered') clients.push((item.event.data as { clientId: string }).clientId);
    const roll = random();
    if (roll < 0.02 && clients.length > 0) {
      const clientId = clients[Math.floor(random() * clients.length)];
      const alertId = `EW-TEST.${clientId}.${++alerts}`;
      const severity = SEVERITIES[Math.floor(random() * SEVERITIES.length)];
      open.set(alertId, { clientId, severity });
      push(
        `alert-${alertId}`,
        'AlertRaised',
        {
          alertId,
          clientId,
          ruleId: 'EW-TEST',
          ruleVersion: 1,
          episode: alerts,
          severity,
          reason: 'test',
          evidence: [],
          raisedAt: at,
          dueBy: at,
        },
        at,
      );
    } else if (roll < 0.03 && open.size > 0) {
      const [alertId, alert] = [...open.entries()][Math.floor(random() * open.size)];
      if (random() < 0.5 && alert.severity !== 'critical') {
        const severity = SEVERITIES[SEVERITIES.indexOf(alert.severity) + 1];
        push(
          `alert-${alertId}`,
          'AlertEscalated',
          {
            alertId,
            clientId: alert.clientId,
            from: alert.severity,
            severity,
            to: 'credit_committee',
            reason: 'worse',
            evidence: [],
            escalatedAt: at,
            dueBy: at,
          },
          at,
        );
        open.set(alertId, { ...alert, severity });
      } else {
        push(
          `alert-${alertId}`,
          'AlertResolved',
          { alertId, clientId: alert.clientId, outcome: 'actioned', note: 'n', resolvedBy: 'u', resolvedAt: at },
          at,
        );
        open.delete(alertId);
      }
    }
    if (item.event.type === 'ManagerAssigned')
      coverer.set(item.streamId, (item.event.data as { managerId: string }).managerId);
    if (++generated % 2000 === 0 && core.size > 0) {
      // A demotion of a core client's manager: its core clients now count as having a junior manager.
      const managerId = coverer.get([...core][Math.floor(random() * core.size)]);
      const from = managerId === undefined ? undefined : levels.get(managerId);
      if (managerId !== undefined && from !== undefined && from !== 'associate') {
        push(`manager-${managerId}`, 'ManagerLevelChanged', { from, to: 'associate', reason: 'review' }, at);
        levels.set(managerId, 'associate');
      }
    }
    if (item.event.type === 'ClientTierChanged') {
      const stream = item.streamId;
      if ((item.event.data as { to: ClientTier }).to === 'core') core.add(stream);
      else core.delete(stream);
    }
    if (core.size > 0 && random() < 0.0005) {
      // A core client regraded to key: it leaves coverage (and its ordered entry goes).
      const stream = [...core][Math.floor(random() * core.size)];
      push(stream, 'ClientTierChanged', { from: 'core', to: 'key', reason: 'review' }, at);
      core.delete(stream);
    }
    if (item.event.type === 'ClientTierChanged' && random() < 0.05) {
      // A later regrade of the same client with an 18-digit contribution (more units than 2^63).
      const { to } = item.event.data as { to: ClientTier };
      const huge = `${Math.floor(1 + random() * 8)}${'9'.repeat(17)}.${Math.floor(random() * 9999)}`;
      push(item.streamId, 'ClientTierChanged', { from: to, to, annualContribution: huge, reason: 'audit' }, at);
    }
  }
  return { events, branchIds: data.branchIds, managerIds: data.managers.map((m) => m.managerId) };
};
type NewEventAt = Readonly<{ streamId: string; event: NewEvent }>;

/** The statement the dashboard ran before the aggregates: every row of the branch, with its manager's level. */
const oldBranchRowsSql = (d: SqlDialect, generation: number, scope: ClientScope['kind']): string => {
  const t = generationTables(d, generation);
  const condition = scope === 'branch' ? ' AND v.branch_id = ?' : scope === 'manager' ? ' AND v.manager_id = ?' : '';
  return `SELECT v.status, v.tier, v.annual_contribution, v.last_contact_at, v.open_products, v.last_nps,
        v.open_alerts_low, v.open_alerts_medium, v.open_alerts_high, v.open_alerts_critical, m.level AS manager_level,
        v.doc
      FROM ${t.clientView} v LEFT JOIN ${t.managers} m ON m.manager_id = v.manager_id
     WHERE v.branch_id = ?${condition}`;
};

const toBranchRow = (r: Record<string, unknown>): BranchClientRow => ({
  status: r.status as ClientStatus,
  tier: r.tier as ClientTier | null,
  annualContribution: r.annual_contribution as string | null,
  lastContactAt: r.last_contact_at as string | null,
  openProducts: Number(r.open_products ?? 0),
  lastNps: r.last_nps === null ? null : Number(r.last_nps),
  managerLevel: r.manager_level as ManagerLevel | null,
  openAlerts: {
    low: Number(r.open_alerts_low ?? 0),
    medium: Number(r.open_alerts_medium ?? 0),
    high: Number(r.open_alerts_high ?? 0),
    critical: Number(r.open_alerts_critical ?? 0),
  },
  // pg hands a json column over parsed; SQLite as text.
  balances: currentBalanceUnitsOf((typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc) as ClientView),
});

const equivalenceSuite = (name: string, engine: () => Promise<Engine>): void =>
  describe(`branch dashboard from aggregates = full computation: ${name}`, () => {
    let opened: Engine;
    let eventStore: SqliteEventStore;
    let log: RecordedEvent[];
    let branchIds: readonly string[];
    let managerIds: readonly string[];

    beforeAll(async () => {
      opened = await engine();
      const generated = generateLog();
      branchIds = generated.branchIds;
      managerIds = generated.managerIds;
      eventStore = SqliteEventStore.open(':memory:');
      for (const { streamId, event } of generated.events) {
        await eventStore.appendToStream(streamId, [event], { expectedRevision: 'any' });
      }
      log = await eventStore.readAll({ after: 0n, maxCount: generated.events.length });
      expect(log).toHaveLength(generated.events.length);
    }, 120_000);

    afterAll(async () => {
      await eventStore.close();
      await opened.dispose();
    });

    /** Every branch (and one that does not exist) in every scope, at each clock: one pair per case. */
    const compare = async (store: SqlReadModelStore): Promise<number> => {
      const queries = new ClientListQueries(store, new ClientViewQueries(store, CLIENT_READ_MODELS_PROJECTION, null));
      let cases = 0;
      for (const branchId of [...branchIds, 'BR-NONE']) {
        const scopes: ClientScope[] = [
          { kind: 'all' },
          { kind: 'branch', branchId },
          { kind: 'branch', branchId: branchIds[0] === branchId ? branchIds[1] : branchIds[0] },
          ...managerIds.slice(0, 6).map((managerId): ClientScope => ({ kind: 'manager', managerId })),
        ];
        for (const scope of scopes) {
          const scopeValue =
            scope.kind === 'branch' ? [scope.branchId] : scope.kind === 'manager' ? [scope.managerId] : [];
          const rows = (
            await opened.rows(oldBranchRowsSql(opened.dialect, store.liveGeneration(), scope.kind), [
              branchId,
              ...scopeValue,
            ])
          ).map(toBranchRow);
          for (const now of NOWS) {
            const expected: BranchDashboard = branchDashboardOf(branchId, rows, now);
            const actual = await queries.branchDashboard(branchId, now, scope);
            expect({ branchId, scope, now, dashboard: JSON.stringify(actual) }).toEqual({
              branchId,
              scope,
              now,
              dashboard: JSON.stringify(expected),
            });
            cases += 1;
          }
        }
      }
      return cases;
    };

    it('after every batch of an irregular replay, with most views loaded rather than cached', async () => {
      const store = await opened.open();
      try {
        const projector = new ClientReadModelsProjector(store, CLIENT_READ_MODELS_PROJECTION, { cachedViews: 50 });
        let position = 0n;
        let start = 0;
        let batches = 0;
        while (start < log.length) {
          const size = BATCH_SIZES[batches % BATCH_SIZES.length];
          const batch = log.slice(start, start + size);
          position = await projector.projectBatch(position, batch);
          start += batch.length;
          batches += 1;
          // Every few batches (the comparison reads every row of every branch); always after the last.
          if (batches % 4 === 0 || start >= log.length) await compare(store);
        }
        // The data exercises every figure: huge contributions, junior managers of core clients,
        // alerts of every severity, coverage both ways, NPS answers of every kind.
        const all = await Promise.all(
          branchIds.map((id) => store.branchFigures.figures(id, Date.parse(END_AT) - 15 * DAY)),
        );
        const total = (figure: (f: (typeof all)[number]) => number): number => all.reduce((n, f) => n + figure(f), 0);
        expect(all.some((f) => f.contributionTotal > 2n ** 63n)).toBe(true);
        expect(total((f) => f.coreClientsWithJuniorManager)).toBeGreaterThan(0);
        expect(total((f) => f.coreCovered)).toBeGreaterThan(0);
        expect(total((f) => f.clientsByTier.core - f.coreCovered)).toBeGreaterThan(0);
        for (const severity of SEVERITIES) expect(total((f) => f.openAlertsBySeverity[severity])).toBeGreaterThan(0);
        expect(total((f) => f.promoters)).toBeGreaterThan(0);
        expect(total((f) => f.detractors)).toBeGreaterThan(0);
        expect(total((f) => f.npsAnswers - f.promoters - f.detractors)).toBeGreaterThan(0);
        // Balances in both currencies, AUM beyond 64 bits of units and facilities drawn and limited.
        const balances = all.flatMap((f) => f.balances);
        expect(new Set(balances.map((b) => b.currency))).toEqual(new Set(['CNY', 'USD']));
        expect(balances.some((b) => b.aum > 2n ** 63n)).toBe(true);
        expect(balances.some((b) => b.loansOutstanding > 0n && b.totalLimits > 0n)).toBe(true);
      } finally {
        await store.close();
      }
    });

    /** Every row of every table of the generation, each table's rows in a fixed order. */
    const tablesOf = async (generation: number): Promise<Record<string, string[]>> => {
      const tables: Record<string, string[]> = {};
      for (const [name, table] of Object.entries(generationTables(opened.dialect, generation))) {
        if (typeof table !== 'string') continue;
        const rows = await opened.rows(`SELECT * FROM ${table}`, []);
        tables[name] = rows.map((row) => JSON.stringify(row)).sort();
      }
      return tables;
    };

    it('the same in every table whether large batches are folded in parts or whole', async () => {
      const projectedWith = async (
        partEvents: number,
      ): Promise<{ parted: number; tables: Record<string, string[]> }> => {
        const store = await opened.open();
        try {
          const commitInParts = jest.spyOn(store, 'commitInParts');
          const projector = new ClientReadModelsProjector(store, CLIENT_READ_MODELS_PROJECTION, {
            cachedViews: 50,
            partEvents,
          });
          let position = 0n;
          for (let start = 0, batches = 0; start < log.length; batches += 1) {
            const batch = log.slice(start, start + BATCH_SIZES[batches % BATCH_SIZES.length]);
            position = await projector.projectBatch(position, batch);
            start += batch.length;
          }
          return { parted: commitInParts.mock.calls.length, tables: await tablesOf(store.liveGeneration()) };
        } finally {
          await store.close();
        }
      };
      const whole = await projectedWith(Number.MAX_SAFE_INTEGER);
      const inParts = await projectedWith(25);
      expect([whole.parted, inParts.parted > 0]).toEqual([0, true]);
      // The generated log has no risk cases, opportunities or department ratings; every other table has rows.
      const empty = Object.entries(whole.tables).filter(([, rows]) => rows.length === 0);
      expect(empty.map(([name]) => name)).toEqual(['riskCases', 'opportunities', 'departmentRatings']);
      expect(inParts.tables).toEqual(whole.tables);
    });

    it('after a rebuild into a new generation and after an in-place replay', async () => {
      const store = await opened.open();
      try {
        await rebuildIntoNewGeneration(eventStore, store, { batchSize: 3000, retireAfterMs: 0 });
        expect(store.liveGeneration()).toBe(2);
        expect(await compare(store)).toBeGreaterThan(100);

        const projector = new ClientReadModelsProjector(store);
        await projector.reset();
        await projector.projectBatch(0n, log);
        await compare(store);
      } finally {
        await store.close();
      }
    });

    it('forgets the ordered entries of a client that stops counting', async () => {
      // No event does this today (a client stays a client, a contribution stays reported); the
      // aggregates must not depend on it.
      const store = await opened.open();
      try {
        const member = (clientId: string, status: ClientStatus, annualContribution: string) =>
          branchMemberOf({
            clientId,
            branchId: 'BR-X',
            managerId: 'M-X',
            status,
            tier: 'core',
            annualContribution,
            lastContactAt: END_AT,
            openProducts: 1,
            lastNps: 9,
            openAlerts: { low: 0, medium: 0, high: 0, critical: 0 },
            balances: [],
          });
        const commit = (from: bigint, changes: BranchMemberChange[]) =>
          store.commit('test', from, from + 1n, {
            clientViews: [],
            timeline: [],
            managers: [],
            alerts: [],
            reassignedClients: [],
            branchMembers: changes,
            riskCases: [],
            agenda: [],
            opportunities: [],
            complaints: [],
            feedback: [],
            satisfactionResponses: [],
            serviceTimes: [],
            departmentRatings: [],
            searchValues: [],
          });
        const client = member('c-1', 'client', '100');
        await commit(0n, [{ before: null, after: client }]);
        await commit(1n, [{ before: client, after: member('c-1', 'prospect', '100') }]);
        await commit(2n, [{ before: null, after: member('c-2', 'client', '50') }]);
        const figures = await store.branchFigures.figures('BR-X', Date.parse(END_AT));
        expect(figures).toMatchObject({ clients: 1, prospects: 1, coreCovered: 1 });
        expect([figures.contributionTotal, figures.topContribution]).toEqual([500_000n, 500_000n]);
      } finally {
        await store.close();
      }
    });

    it('after the migration that back-fills them from the stored views', async () => {
      const store = await opened.open();
      await new ClientReadModelsProjector(store).projectBatch(0n, log);
      await opened.downgradeToVersion4(store);
      const upgraded = await opened.reopen();
      try {
        await compare(upgraded);
      } finally {
        await upgraded.close();
      }
    });
  });

/** What migrations 5 and later added, gone again: the tables and column of the live generation and the ledger rows. */
const version4Sql = (d: SqlDialect, generation: number, ledger: string): string[] => {
  const t = generationTables(d, generation);
  return [
    `DROP TABLE ${t.branchFigures}`,
    `DROP TABLE ${t.branchContributions}`,
    `DROP TABLE ${t.branchCoreContacts}`,
    `DROP TABLE ${t.branchBalances}`,
    `DROP TABLE ${t.riskCases}`,
    `DROP TABLE ${t.agendaItems}`,
    `DROP TABLE ${t.opportunities}`,
    `DROP TABLE ${t.complaints}`,
    `DROP TABLE ${t.feedback}`,
    `DROP TABLE ${t.satisfactionResponses}`,
    `DROP TABLE ${t.serviceTimes}`,
    `DROP TABLE ${t.departmentRatings}`,
    `DROP TABLE ${t.searchTerms}`,
    `DROP TABLE ${d.table('search_index')}`,
    `DROP INDEX ${d.table(`${generationTableName('client_view', generation)}_by_credit_approval`)}`,
    ...(d.coveringIndexes
      ? [`DROP INDEX ${d.table(`${generationTableName('client_view', generation)}_by_client_id_for_search`)}`]
      : []),
    `ALTER TABLE ${t.clientView} DROP COLUMN credit_approval`,
    `DELETE FROM ${d.table(ledger)} WHERE version >= 5`,
  ];
};

(() => {
  let dir: string | null = null;
  let files = 0;
  const file = (): string => join(dir ?? '', `read-models-${files}.sqlite`);
  equivalenceSuite('SQLite', async () => {
    dir ??= mkdtempSync(join(tmpdir(), 'crm-branch-figures-'));
    return {
      dialect: SQLITE_DIALECT,
      open: async () => {
        files += 1;
        return SqliteReadModelStore.open(file(), { generationPollMs: 0 });
      },
      reopen: async () => SqliteReadModelStore.open(file(), { generationPollMs: 0 }),
      rows: async (sql, params) => {
        const db = new Database(file(), { readonly: true });
        try {
          return db.prepare(sql).all(...params) as Record<string, unknown>[];
        } finally {
          db.close();
        }
      },
      downgradeToVersion4: async (store) => {
        const generation = store.liveGeneration();
        await store.close();
        const db = new Database(file());
        for (const sql of version4Sql(SQLITE_DIALECT, generation, 'schema_migrations')) db.prepare(sql).run();
        db.close();
      },
      dispose: async () => {
        if (dir !== null) rmSync(dir, { recursive: true, force: true });
        dir = null;
      },
    };
  });
})();

describeWithPostgres('branch figures on PostgreSQL', () => {
  const drops: (() => Promise<void>)[] = [];
  let schema = '';
  const withClient = async <T>(work: (pg: Client) => Promise<T>): Promise<T> => {
    const pg = new Client({ connectionString: POSTGRES_TEST_URL });
    await pg.connect();
    try {
      return await work(pg);
    } finally {
      await pg.end();
    }
  };
  const open = () =>
    PostgresReadModelStore.open({
      connectionString: POSTGRES_TEST_URL,
      schema,
      maxConnections: 2,
      generationPollMs: 0,
    });
  equivalenceSuite('PostgreSQL', async () => ({
    get dialect() {
      return new PostgresDialect(schema);
    },
    open: async () => {
      const created = await createTestSchema('crm_branch_figures');
      schema = created.schema;
      drops.push(created.drop);
      return open();
    },
    reopen: open,
    rows: (sql, params) =>
      withClient(async (pg) => {
        let n = 0;
        return (
          await pg.query(
            sql.replace(/\?/g, () => `$${++n}`),
            [...params],
          )
        ).rows as Record<string, unknown>[];
      }),
    downgradeToVersion4: async (store) => {
      const generation = store.liveGeneration();
      await store.close();
      await withClient(async (pg) => {
        for (const sql of version4Sql(new PostgresDialect(schema), generation, 'read_model_migrations'))
          await pg.query(sql);
      });
    },
    dispose: async () => {
      await Promise.all(drops.splice(0).map((drop) => drop()));
    },
  }));
});
