import type { MigrationBackfill } from './migration-backfill';
import {
  GENERATIONAL_PROJECTION,
  GENERATIONS_TABLE,
  generationTableName,
  generationTables,
} from './projection-generation';
import { CLIENT_VIEW_TABLE } from './read-model.tables';
import type { SqlDialect } from './sql-dialect';
import type { SqlValue } from './sql-executor';
import { agendaBackfill } from './sql.agenda.repository';
import { branchBalancesBackfill, branchFiguresBackfill } from './sql.branch-figures.repository';

/**
 * What a migration may depend on besides the dialect: the generations of the client read models'
 * tables as the database has them before migrating (generation 1 for a database
 * without the generations table yet). A migration that changes those tables applies itself to the
 * live generation (and to one being built), whatever its number.
 */
export type MigrationContext = Readonly<{ liveGeneration: number; buildingGeneration: number | null }>;

const NEW_DATABASE: MigrationContext = { liveGeneration: 1, buildingGeneration: null };

/**
 * Versioned schema of the read models, one DDL for both engines (types come from the dialect).
 * Append new migrations; never edit an applied one (a database only runs the versions above the
 * highest it has recorded).
 */
type Migration = Readonly<{
  version: number;
  name: string;
  statements: (dialect: SqlDialect, context: MigrationContext) => readonly string[];
  /** Run after the statements, in the same transaction. */
  backfills?: (dialect: SqlDialect, context: MigrationContext) => readonly MigrationBackfill[];
}>;

/**
 * Migration 4's alerts table for one generation, as it was written then (read-model.tables.ts carries
 * the current schema for new generations; this copy stays as applied).
 */
const alertsTableV4 = (d: SqlDialect, generation: number): string[] => {
  const text = d.columnType('text');
  const integer = d.columnType('integer');
  const name = generationTableName('alerts', generation);
  const alerts = d.table(name);
  return [
    `CREATE TABLE ${alerts} (
      alert_id     ${text} PRIMARY KEY,
      client_id    ${text} NOT NULL,
      rule_id      ${text} NOT NULL,
      rule_version ${integer} NOT NULL,
      episode      ${integer} NOT NULL,
      severity     ${text} NOT NULL,
      status       ${text} NOT NULL,
      reason       ${text} NOT NULL,
      raised_at    ${text} NOT NULL,
      due_by       ${text} NOT NULL,
      updated_at   ${text} NOT NULL,
      outcome      ${text},
      branch_id    ${text},
      manager_id   ${text},
      doc          ${d.columnType('json')} NOT NULL,
      revision     ${integer} NOT NULL,
      position     ${d.columnType('bigint')} NOT NULL
    )`,
    // The list pages newest raised first on (raised_at, alert_id); a client's alerts and a status
    // filter each have their own prefix.
    `CREATE INDEX ${name}_by_raised ON ${alerts} (raised_at, alert_id)`,
    `CREATE INDEX ${name}_by_client ON ${alerts} (client_id, raised_at, alert_id)`,
    `CREATE INDEX ${name}_by_status ON ${alerts} (status, raised_at, alert_id)`,
  ];
};

/**
 * Migration 5's branch aggregates for one generation, as they were written then (read-model.tables.ts
 * carries the current schema for new generations; this copy stays as applied).
 */
const branchTablesV5 = (d: SqlDialect, generation: number): string[] => {
  const text = d.columnType('text');
  const integer = d.columnType('integer');
  const bigint = d.columnType('bigint');
  const figures = d.table(generationTableName('branch_figures', generation));
  const contributionsName = generationTableName('branch_contributions', generation);
  const contributions = d.table(contributionsName);
  const coreContactsName = generationTableName('branch_core_contacts', generation);
  const coreContacts = d.table(coreContactsName);
  // The columns as this migration made them, not BRANCH_COUNTS: a migration must not change when the code does.
  const counts = [
    'clients',
    'prospects',
    'core_clients',
    'key_clients',
    'standard_clients',
    'basic_clients',
    'products',
    'nps_answers',
    'nps_promoters',
    'nps_detractors',
    'open_alerts_low',
    'open_alerts_medium',
    'open_alerts_high',
    'open_alerts_critical',
    'contributors',
  ];
  return [
    `CREATE TABLE ${figures} (
      branch_id         ${text} NOT NULL,
      manager_id        ${text} NOT NULL,
      ${counts.map((name) => `${name} ${integer} NOT NULL`).join(',\n      ')},
      contribution_high ${bigint} NOT NULL,
      contribution_low  ${bigint} NOT NULL,
      PRIMARY KEY (branch_id, manager_id)
    )`,
    `CREATE TABLE ${contributions} (
      client_id         ${text} PRIMARY KEY,
      branch_id         ${text} NOT NULL,
      manager_id        ${text},
      contribution_high ${bigint} NOT NULL,
      contribution_low  ${bigint} NOT NULL
    )`,
    // The 80/20 share reads a branch's largest contributions first, straight off this index.
    `CREATE INDEX ${contributionsName}_by_branch ON ${contributions} (branch_id, contribution_high, contribution_low)`,
    `CREATE TABLE ${coreContacts} (
      client_id       ${text} PRIMARY KEY,
      branch_id       ${text} NOT NULL,
      manager_id      ${text},
      last_contact_ms ${bigint} NOT NULL
    )`,
    `CREATE INDEX ${coreContactsName}_by_branch ON ${coreContacts} (branch_id, last_contact_ms)`,
  ];
};

/**
 * Migration 6's branch balances for one generation, as written then (read-model.tables.ts carries
 * the current schema for new generations; this copy stays as applied).
 */
const branchBalancesTableV6 = (d: SqlDialect, generation: number): string => {
  const text = d.columnType('text');
  const bigint = d.columnType('bigint');
  return `CREATE TABLE ${d.table(generationTableName('branch_balances', generation))} (
      branch_id   ${text} NOT NULL,
      manager_id  ${text} NOT NULL,
      currency    ${text} NOT NULL,
      aum_high    ${bigint} NOT NULL,
      aum_low     ${bigint} NOT NULL,
      loans_high  ${bigint} NOT NULL,
      loans_low   ${bigint} NOT NULL,
      limits_high ${bigint} NOT NULL,
      limits_low  ${bigint} NOT NULL,
      PRIMARY KEY (branch_id, manager_id, currency)
    )`;
};

/** Migration 7's risk_cases table for one generation, as applied (read-model.tables.ts has the current one). */
const riskCasesTableV7 = (d: SqlDialect, generation: number): string[] => {
  const text = d.columnType('text');
  const integer = d.columnType('integer');
  const name = generationTableName('risk_cases', generation);
  const cases = d.table(name);
  return [
    `CREATE TABLE ${cases} (
      case_id    ${text} PRIMARY KEY,
      client_id  ${text} NOT NULL,
      status     ${text} NOT NULL,
      severity   ${text} NOT NULL,
      due_by     ${text} NOT NULL,
      overdue    ${integer} NOT NULL,
      assignee   ${text},
      branch_id  ${text},
      manager_id ${text},
      doc        ${d.columnType('json')} NOT NULL,
      revision   ${integer} NOT NULL,
      position   ${d.columnType('bigint')} NOT NULL
    )`,
    `CREATE INDEX ${name}_by_due ON ${cases} (due_by, case_id)`,
    `CREATE INDEX ${name}_by_status ON ${cases} (status, due_by, case_id)`,
    `CREATE INDEX ${name}_by_client ON ${cases} (client_id)`,
  ];
};

/** Migration 9's agenda_items table for one generation, as applied (read-model.tables.ts has the current one). */
const agendaItemsTableV9 = (d: SqlDialect, generation: number): string[] => {
  const text = d.columnType('text');
  const name = generationTableName('agenda_items', generation);
  const items = d.table(name);
  return [
    `CREATE TABLE ${items} (
      item_id    ${text} PRIMARY KEY,
      client_id  ${text} NOT NULL,
      kind       ${text} NOT NULL,
      manager_id ${text} NOT NULL,
      branch_id  ${text} NOT NULL,
      due        ${text} NOT NULL,
      legal_name ${text} NOT NULL,
      purpose    ${text},
      title      ${text}
    )`,
    `CREATE INDEX ${name}_by_manager_due ON ${items} (manager_id, due)`,
    `CREATE INDEX ${name}_by_client ON ${items} (client_id)`,
  ];
};

/** Migration 10's opportunities table for one generation, as applied (read-model.tables.ts has the current one). */
const opportunitiesTableV10 = (d: SqlDialect, generation: number): string[] => {
  const text = d.columnType('text');
  const name = generationTableName('opportunities', generation);
  const opportunities = d.table(name);
  return [
    `CREATE TABLE ${opportunities} (
      opportunity_id   ${text} PRIMARY KEY,
      client_id        ${text} NOT NULL,
      branch_id        ${text} NOT NULL,
      manager_id       ${text} NOT NULL,
      legal_name       ${text} NOT NULL,
      status           ${text} NOT NULL,
      stage            ${text} NOT NULL,
      product_category ${text} NOT NULL,
      product_code     ${text},
      expected_amount  ${text} NOT NULL,
      currency         ${text} NOT NULL,
      opened_at        ${text} NOT NULL,
      closed_at        ${text}
    )`,
    `CREATE INDEX ${name}_by_manager ON ${opportunities} (manager_id, status, closed_at)`,
    `CREATE INDEX ${name}_by_branch ON ${opportunities} (branch_id, status, closed_at)`,
    `CREATE INDEX ${name}_by_client ON ${opportunities} (client_id)`,
  ];
};

/** Migration 11's complaints table for one generation, as applied (read-model.tables.ts has the current one). */
const complaintsTableV11 = (d: SqlDialect, generation: number): string[] => {
  const text = d.columnType('text');
  const name = generationTableName('complaints', generation);
  const complaints = d.table(name);
  return [
    `CREATE TABLE ${complaints} (
      complaint_id    ${text} PRIMARY KEY,
      client_id       ${text} NOT NULL,
      branch_id       ${text} NOT NULL,
      manager_id      ${text},
      category        ${text} NOT NULL,
      severity        ${text},
      channel         ${text},
      status          ${text} NOT NULL,
      received_at     ${text} NOT NULL,
      acknowledge_by  ${text},
      due_by          ${text},
      acknowledged_at ${text},
      escalated       ${text} NOT NULL,
      resolved_at     ${text},
      outcome         ${text},
      redress_amount  ${text},
      currency        ${text}
    )`,
    `CREATE INDEX ${name}_by_received ON ${complaints} (received_at, complaint_id)`,
    `CREATE INDEX ${name}_by_branch ON ${complaints} (branch_id, received_at, complaint_id)`,
    `CREATE INDEX ${name}_by_manager ON ${complaints} (manager_id, received_at, complaint_id)`,
    `CREATE INDEX ${name}_by_status ON ${complaints} (status, received_at, complaint_id)`,
    `CREATE INDEX ${name}_by_branch_acknowledged ON ${complaints} (branch_id, acknowledged_at)`,
    `CREATE INDEX ${name}_by_branch_resolved ON ${complaints} (branch_id, resolved_at)`,
    `CREATE INDEX ${name}_by_client ON ${complaints} (client_id)`,
  ];
};

/** Migration 12's feedback table for one generation, as applied (read-model.tables.ts has the current one). */
const feedbackTableV12 = (d: SqlDialect, generation: number): string[] => {
  const text = d.columnType('text');
  const name = generationTableName('feedback', generation);
  const feedback = d.table(name);
  return [
    `CREATE TABLE ${feedback} (
      feedback_id  ${text} PRIMARY KEY,
      client_id    ${text} NOT NULL,
      branch_id    ${text} NOT NULL,
      manager_id   ${text},
      department   ${text} NOT NULL,
      product_code ${text},
      theme        ${text},
      status       ${text} NOT NULL,
      forwarded_at ${text} NOT NULL,
      answered_at  ${text},
      decided_at   ${text},
      closed_at    ${text}
    )`,
    `CREATE INDEX ${name}_by_department ON ${feedback} (department, forwarded_at, feedback_id)`,
    `CREATE INDEX ${name}_by_product ON ${feedback} (product_code)`,
    `CREATE INDEX ${name}_by_client ON ${feedback} (client_id)`,
  ];
};

/** Migration 13's satisfaction_responses table for one generation, as applied (read-model.tables.ts has the current one). */
const satisfactionResponsesTableV13 = (d: SqlDialect, generation: number): string[] => {
  const text = d.columnType('text');
  const integer = d.columnType('integer');
  const name = generationTableName('satisfaction_responses', generation);
  const responses = d.table(name);
  return [
    `CREATE TABLE ${responses} (
      client_id     ${text} NOT NULL,
      survey_id     ${text} NOT NULL,
      branch_id     ${text} NOT NULL,
      tier          ${text},
      manager_id    ${text} NOT NULL,
      kind          ${text} NOT NULL,
      score         ${integer} NOT NULL,
      self_reported ${integer} NOT NULL,
      answered_at   ${text} NOT NULL,
      PRIMARY KEY (client_id, survey_id)
    )`,
    `CREATE INDEX ${name}_by_answered ON ${responses} (answered_at)`,
    `CREATE INDEX ${name}_by_branch ON ${responses} (branch_id, answered_at)`,
    `CREATE INDEX ${name}_by_manager ON ${responses} (manager_id, answered_at)`,
  ];
};

/** Migration 14's service-level tables for one generation, as applied (read-model.tables.ts has the current ones). */
const serviceLevelTablesV14 = (d: SqlDialect, generation: number): string[] => {
  const text = d.columnType('text');
  const times = generationTableName('service_times', generation);
  const ratings = generationTableName('department_ratings', generation);
  return [
    `CREATE TABLE ${d.table(times)} (
      measure       ${text} NOT NULL,
      subject_id    ${text} NOT NULL,
      department_id ${text} NOT NULL,
      client_id     ${text} NOT NULL,
      started_at    ${text} NOT NULL,
      ended_at      ${text},
      due_at        ${text},
      PRIMARY KEY (measure, subject_id)
    )`,
    `CREATE INDEX ${times}_by_ended ON ${d.table(times)} (ended_at)`,
    `CREATE TABLE ${d.table(ratings)} (
      rating_id     ${text} PRIMARY KEY,
      department_id ${text} NOT NULL,
      rated_by      ${text} NOT NULL,
      score         ${d.columnType('integer')} NOT NULL,
      rated_at      ${text} NOT NULL
    )`,
    `CREATE INDEX ${ratings}_by_rated ON ${d.table(ratings)} (rated_at)`,
  ];
};

/**
 * Migration 15 for one generation: the blind index's table, the plaintext prefix indexes gone, and
 * every row emptied (they hold personal data in the clear; the replay writes tokens instead).
 */
/** A generation's tables as migration 14 left them. */
const TABLES_BEFORE_V15 = [
  'client_view',
  'client_timeline',
  'managers',
  'alerts',
  'branch_figures',
  'branch_contributions',
  'branch_core_contacts',
  'branch_balances',
  'risk_cases',
  'agenda_items',
  'opportunities',
  'complaints',
  'feedback',
  'satisfaction_responses',
  'service_times',
  'department_ratings',
] as const;

/** The blind index's table as migrations 15 and 16 create it, `suffix` ending the statement. */
const termsTableDdl = (d: SqlDialect, name: string, suffix: string): string =>
  `CREATE TABLE ${d.table(name)} (
      key_version ${d.columnType('integer')} NOT NULL,
      term        ${d.columnType('text')} NOT NULL,
      client_id   ${d.columnType('text')} NOT NULL,
      PRIMARY KEY (key_version, term, client_id)
    )${suffix}`;

const blindIndexV15 = (d: SqlDialect, generation: number): string[] => {
  const terms = generationTableName('client_search_terms', generation);
  const views = generationTableName(CLIENT_VIEW_TABLE.name, generation);
  return [
    termsTableDdl(d, terms, ''),
    `CREATE INDEX ${terms}_by_client ON ${d.table(terms)} (client_id)`,
    `DROP INDEX IF EXISTS ${d.table(`${views}_by_legal_name_prefix`)}`,
    `DROP INDEX IF EXISTS ${d.table(`${views}_by_registration_no_prefix`)}`,
    ...TABLES_BEFORE_V15.map((table) => `DELETE FROM ${d.table(generationTableName(table, generation))}`),
  ];
};

/**
 * Migration 16 for one generation: the blind index's rows moved into its key's b-tree where the
 * engine has such tables (SQLite's WITHOUT ROWID). A rowid table kept every term twice, in the
 * table and in its key's index; nothing on PostgreSQL changes. The copy runs at the upgrade's open,
 * in key order, a few seconds for a book of 20,000 clients (~1.4 M terms).
 */
const keyOrderedTermsV16 = (d: SqlDialect, generation: number): string[] => {
  if (d.keyOrderedTableSuffix === '') return [];
  const terms = generationTableName('client_search_terms', generation);
  const moving = `${terms}_v16`;
  return [
    termsTableDdl(d, moving, d.keyOrderedTableSuffix),
    `INSERT INTO ${d.table(moving)} (key_version, term, client_id)
      SELECT key_version, term, client_id FROM ${d.table(terms)} ORDER BY key_version, term, client_id`,
    `DROP TABLE ${d.table(terms)}`,
    `ALTER TABLE ${d.table(moving)} RENAME TO ${d.table(terms)}`,
    `CREATE INDEX ${terms}_by_client ON ${d.table(terms)} (client_id)`,
  ];
};

/**
 * Migration 17 for one generation: each client's timeline rows kept together in their key's
 * b-tree where the engine has such tables (SQLite's WITHOUT ROWID). In a rowid table a row sat
 * where its event's turn put it, among every other client's, so a page of one client's timeline
 * read about one table page per entry, and each insert wrote two pages (the table's last and the
 * key's index). Nothing changes on PostgreSQL. The copy runs at the upgrade's open, in key order.
 */
const keyOrderedTimelineV17 = (d: SqlDialect, generation: number): string[] => {
  if (d.keyOrderedTableSuffix === '') return [];
  const timeline = generationTableName('client_timeline', generation);
  const moving = `${timeline}_v17`;
  const columns = 'client_id, revision, position, type, occurred_at, doc';
  return [
    `CREATE TABLE ${d.table(moving)} (
      client_id   ${d.columnType('text')} NOT NULL,
      revision    ${d.columnType('integer')} NOT NULL,
      position    ${d.columnType('bigint')} NOT NULL,
      type        ${d.columnType('text')} NOT NULL,
      occurred_at ${d.columnType('text')} NOT NULL,
      doc         ${d.columnType('json')} NOT NULL,
      PRIMARY KEY (client_id, revision)
    )${d.keyOrderedTableSuffix}`,
    `INSERT INTO ${d.table(moving)} (${columns})
      SELECT ${columns} FROM ${d.table(timeline)} ORDER BY client_id, revision`,
    `DROP TABLE ${d.table(timeline)}`,
    `ALTER TABLE ${d.table(moving)} RENAME TO ${d.table(timeline)}`,
  ];
};

/**
 * Migration 18 for one generation: the client view's columns a search by `q` reads, in an index of
 * their own where the engine makes covering indexes (SQLite; SqlDialect.coveringIndexes says why
 * not on PostgreSQL). A search read the whole row of each client it found, about one 16 KiB page
 * each from outside the page cache; the index is about a fourteenth of the table.
 */
const searchColumnsIndexV18 = (d: SqlDialect, generation: number): string[] => {
  if (!d.coveringIndexes) return [];
  const views = generationTableName('client_view', generation);
  return [
    `CREATE INDEX ${views}_by_client_id_for_search ON ${d.table(views)} (client_id, legal_name, branch_id, manager_id, tier, status, risk_level, last_contact_at, credit_approval)`,
  ];
};

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'client view, timeline, managers, checkpoints',
    statements: (d) => {
      const text = d.columnType('text');
      const integer = d.columnType('integer');
      const bigint = d.columnType('bigint');
      const json = d.columnType('json');
      return [
        `CREATE TABLE ${d.table('client_view')} (
          client_id  ${text} PRIMARY KEY,
          branch_id  ${text} NOT NULL,
          manager_id ${text},
          tier       ${text},
          status     ${text} NOT NULL,
          doc        ${json} NOT NULL,
          revision   ${integer} NOT NULL,
          position   ${bigint} NOT NULL,
          updated_at ${text} NOT NULL
        )`,
        `CREATE INDEX client_view_by_manager ON ${d.table('client_view')} (manager_id)`,
        `CREATE INDEX client_view_by_branch ON ${d.table('client_view')} (branch_id, tier)`,
        `CREATE TABLE ${d.table('client_timeline')} (
          client_id   ${text} NOT NULL,
          revision    ${integer} NOT NULL,
          position    ${bigint} NOT NULL,
          type        ${text} NOT NULL,
          occurred_at ${text} NOT NULL,
          doc         ${json} NOT NULL,
          PRIMARY KEY (client_id, revision)
        )`,
        `CREATE TABLE ${d.table('managers')} (
          manager_id ${text} PRIMARY KEY,
          name       ${text} NOT NULL,
          branch_id  ${text} NOT NULL,
          level      ${text} NOT NULL,
          status     ${text} NOT NULL,
          revision   ${integer} NOT NULL
        )`,
        `CREATE TABLE ${d.table('projection_checkpoints')} (
          name     ${text} PRIMARY KEY,
          position ${bigint} NOT NULL
        )`,
      ];
    },
  },
  {
    version: 2,
    name: 'client list columns and indexes: portfolio, branch dashboard, client search',
    statements: (d) => {
      const views = d.table('client_view');
      const text = d.columnType('text');
      const integer = d.columnType('integer');
      const columns: readonly (readonly [string, string])[] = [
        ['legal_name', text],
        ['registration_no', text],
        ['risk_level', text],
        ['last_contact_at', text],
        ['follow_up_dues', text],
        ['annual_contribution', text],
        ['open_products', integer],
        ['last_nps', integer],
        ['open_alerts_low', integer],
        ['open_alerts_medium', integer],
        ['open_alerts_high', integer],
        ['open_alerts_critical', integer],
      ];
      return [
        // The new columns are derived from each view as the projector writes it, so existing rows
        // are emptied and replayed from the log rather than back-filled by a second, SQL copy of
        // that derivation. The view upsert only takes newer revisions, hence the delete; timeline
        // and managers rows stay (their replay is a no-op). Only client-view's checkpoint exists.
        `DELETE FROM ${views}`,
        `DELETE FROM ${d.table('projection_checkpoints')}`,
        // Superseded by the keyset indexes below, which serve the same lookups; fewer indexes to write.
        `DROP INDEX ${d.table('client_view_by_manager')}`,
        `DROP INDEX ${d.table('client_view_by_branch')}`,
        ...columns.map(([name, type]) => `ALTER TABLE ${views} ADD COLUMN ${name} ${type}`),
        // (filter, client_id): each filter of the search pages in client_id order straight off its index.
        `CREATE INDEX client_view_by_branch_id ON ${views} (branch_id, client_id)`,
        `CREATE INDEX client_view_by_manager_id ON ${views} (manager_id, client_id)`,
        `CREATE INDEX client_view_by_tier ON ${views} (tier, client_id)`,
        `CREATE INDEX client_view_by_risk_level ON ${views} (risk_level, client_id)`,
        `CREATE INDEX client_view_by_legal_name_prefix ON ${views} (${d.prefixIndexKey('legal_name')})`,
        `CREATE INDEX client_view_by_registration_no_prefix ON ${views} (${d.prefixIndexKey('registration_no')})`,
      ];
    },
  },
  {
    version: 3,
    name: 'projection generations: rebuilds into fresh tables, switched when caught up',
    statements: (d) => [
      // The existing tables are generation 1 (no copy). A building generation's position is its
      // own row in projection_checkpoints (`<projection>@g<n>`), so its batches keep the same
      // guarded commit as the live projector's. retired_generation: switched away from, tables
      // not yet dropped (a crash between the switch and the drop is finished by the next rebuild).
      `CREATE TABLE ${d.table('projection_generations')} (
        projection          ${d.columnType('text')} PRIMARY KEY,
        live_generation     ${d.columnType('integer')} NOT NULL,
        building_generation ${d.columnType('integer')},
        retired_generation  ${d.columnType('integer')}
      )`,
      `INSERT INTO ${d.table('projection_generations')} (projection, live_generation) VALUES ('client-view', 1)`,
    ],
  },
  {
    version: 4,
    name: 'alerts: one row per alert, projected with the client view',
    statements: (d, { liveGeneration, buildingGeneration }) => [
      // Part of the client read models (same projector, checkpoint and generations), so the
      // table is created for the live generation, and for one a rebuild is filling (a rebuild
      // running an older build during the upgrade writes no alerts: run it again afterwards).
      ...alertsTableV4(d, liveGeneration),
      ...(buildingGeneration === null ? [] : alertsTableV4(d, buildingGeneration)),
      // Alert events already in the log were skipped by older builds: replay the log from the
      // start. Unlike migration 2 nothing is emptied, so the views keep serving while it runs;
      // client and manager events are skipped by their revision guards (reads, no writes), and
      // alert events fill the new table and the views' open alerts. Read-your-writes waits
      // (minPosition) until the replay passes the position asked for.
      `DELETE FROM ${d.table('projection_checkpoints')} WHERE name = '${GENERATIONAL_PROJECTION}'`,
    ],
  },
  {
    version: 5,
    name: 'branch aggregates: the dashboard reads a handful of rows, kept with the client views',
    // Like migration 4, for the live generation and one being built (a rebuild running an older
    // build during the upgrade does not keep them: run it again afterwards).
    statements: (d, { liveGeneration, buildingGeneration }) => [
      ...branchTablesV5(d, liveGeneration),
      ...(buildingGeneration === null ? [] : branchTablesV5(d, buildingGeneration)),
    ],
    // Derived from the stored views by the projector's own code (a contribution's exact units and
    // a contact's instant are TypeScript's, not SQL's), in the migration's transaction: nothing is
    // emptied or replayed, so dashboards answer the same before and after the upgrade.
    backfills: (d, { liveGeneration, buildingGeneration }) =>
      [liveGeneration, ...(buildingGeneration === null ? [] : [buildingGeneration])].map((generation) =>
        branchFiguresBackfill(generationTables(d, generation)),
      ),
  },
  {
    version: 6,
    name: 'branch balances: AUM, loans outstanding and total limits per currency, kept with the client views',
    // Like migration 5: the live generation and one being built, back-filled from the stored views
    // (their current figures), so nothing is replayed. Views stored before then lack the history
    // the month-end trend is read from; a rebuild (npm run projections:rebuild) fills it from the log.
    statements: (d, { liveGeneration, buildingGeneration }) => [
      branchBalancesTableV6(d, liveGeneration),
      ...(buildingGeneration === null ? [] : [branchBalancesTableV6(d, buildingGeneration)]),
    ],
    backfills: (d, { liveGeneration, buildingGeneration }) =>
      [liveGeneration, ...(buildingGeneration === null ? [] : [buildingGeneration])].map((generation) =>
        branchBalancesBackfill(generationTables(d, generation)),
      ),
  },
  {
    version: 7,
    name: 'risk cases: one row per case, projected with the client views, for the case list',
    // Like migration 4: the live generation and one being built, then a replay from the start (the
    // case events already in the log were skipped by older builds). Nothing is emptied: the views
    // keep serving, client events are skipped by their revision guards, case events fill the table.
    statements: (d, { liveGeneration, buildingGeneration }) => [
      ...riskCasesTableV7(d, liveGeneration),
      ...(buildingGeneration === null ? [] : riskCasesTableV7(d, buildingGeneration)),
      `DELETE FROM ${d.table('projection_checkpoints')} WHERE name = '${GENERATIONAL_PROJECTION}'`,
    ],
  },
  {
    version: 8,
    name: 'client list: which clients have a credit change waiting for approval',
    // No replay and no back-fill: no build before this one recorded a credit proposal, so the new
    // column is null for every stored view, which is what the projector would write for them.
    statements: (d, { liveGeneration, buildingGeneration }) =>
      [liveGeneration, ...(buildingGeneration === null ? [] : [buildingGeneration])].flatMap((generation) => {
        const name = generationTableName(CLIENT_VIEW_TABLE.name, generation);
        const views = d.table(name);
        return [
          `ALTER TABLE ${views} ADD COLUMN credit_approval ${d.columnType('text')}`,
          `CREATE INDEX ${name}_by_credit_approval ON ${views} (credit_approval, client_id)`,
        ];
      }),
  },
  {
    version: 9,
    name: 'agenda: one row per open visit, task and follow-up, for the manager it is for',
    // Back-filled from the stored views by the projector's own code (agendaItemsOfView): the open
    // follow-ups are in every document already, and no earlier build recorded a visit or a task.
    // Nothing is replayed or emptied.
    statements: (d, { liveGeneration, buildingGeneration }) => [
      ...agendaItemsTableV9(d, liveGeneration),
      ...(buildingGeneration === null ? [] : agendaItemsTableV9(d, buildingGeneration)),
    ],
    backfills: (d, { liveGeneration, buildingGeneration }) =>
      [liveGeneration, ...(buildingGeneration === null ? [] : [buildingGeneration])].map((generation) =>
        agendaBackfill(generationTables(d, generation)),
      ),
  },
  {
    version: 10,
    name: 'pipeline: one row per sales opportunity, for the pipelines of managers and branches',
    // Created empty: no earlier build recorded an opportunity, so there is nothing to back-fill or replay.
    statements: (d, { liveGeneration, buildingGeneration }) => [
      ...opportunitiesTableV10(d, liveGeneration),
      ...(buildingGeneration === null ? [] : opportunitiesTableV10(d, buildingGeneration)),
    ],
  },
  {
    version: 11,
    name: 'complaints: one row per complaint with its deadlines, for the complaints list and monthly summaries',
    // Created empty, with no back-fill: the rows are derived from each view's `complaintsTracked`,
    // which views stored by earlier builds do not hold (they kept only the open complaints' ids),
    // and a replay would not help (client events are skipped by their revision guards). Complaints
    // recorded before the upgrade appear once `npm run projections:rebuild` has replayed the log
    // into a new generation (zero downtime); those received after it appear at once.
    statements: (d, { liveGeneration, buildingGeneration }) => [
      ...complaintsTableV11(d, liveGeneration),
      ...(buildingGeneration === null ? [] : complaintsTableV11(d, buildingGeneration)),
    ],
  },
  {
    version: 12,
    name: "feedback: one row per forwarded feedback, for the departments' queues and the products' counts",
    // Created empty, with no back-fill, as migration 11: the rows are derived from each view's
    // `feedbackTracked`, which views stored by earlier builds do not hold (they kept nothing of
    // feedback). Feedback forwarded before the upgrade appears in the queues once
    // `npm run projections:rebuild` has replayed the log into a new generation (zero downtime);
    // feedback forwarded after it appears at once.
    statements: (d, { liveGeneration, buildingGeneration }) => [
      ...feedbackTableV12(d, liveGeneration),
      ...(buildingGeneration === null ? [] : feedbackTableV12(d, buildingGeneration)),
    ],
  },
  {
    version: 13,
    name: 'satisfaction: one row per survey answer, for NPS and CSAT by month, manager and tier',
    // Created empty, with no back-fill: a row needs the client's tier when it answered, which no
    // stored table holds (the timeline keeps the answer but not the tier of its client then, the
    // views only the tier now), and filling it from today's views would count the answers of a
    // client whose tier changed under the wrong tier without a trace. A replay would not help
    // (client events are skipped by their revision guards). Answers recorded before the
    // upgrade appear once `npm run projections:rebuild` has replayed the log into a new generation
    // (zero downtime); those recorded after it appear at once.
    statements: (d, { liveGeneration, buildingGeneration }) => [
      ...satisfactionResponsesTableV13(d, liveGeneration),
      ...(buildingGeneration === null ? [] : satisfactionResponsesTableV13(d, buildingGeneration)),
    ],
  },
  {
    version: 14,
    name: "service levels: internal work timed from the log, and managers' ratings of departments",
    // Created empty: a credit proposal decided or a feedback answered leaves nothing in the views
    // to back-fill from, and a partial back-fill (complaints only) would make the first report
    // after the upgrade mix two populations. Work finished before the upgrade appears once
    // `npm run projections:rebuild` has replayed the log into a new generation (zero downtime).
    statements: (d, { liveGeneration, buildingGeneration }) => [
      ...serviceLevelTablesV14(d, liveGeneration),
      ...(buildingGeneration === null ? [] : serviceLevelTablesV14(d, buildingGeneration)),
    ],
  },
  {
    version: 15,
    name: 'no personal data in the clear: personal fields as tokens opened by the API, client search through a blind index',
    // Every row written by an earlier build holds names and notes in the clear, so the tables are
    // emptied and the log replayed from the start, as migration 2 did: the views refill with
    // tokens and the index with terms (reads with minPosition wait for the replay). Emptying frees
    // no page on PostgreSQL: `npm run projections:rebuild` afterwards drops the old tables' files
    // (docs/security.md). The search key's version starts at 1; the key itself is made on first use.
    statements: (d, { liveGeneration, buildingGeneration }) => [
      `CREATE TABLE ${d.table('search_index')} (
        name           ${d.columnType('text')} PRIMARY KEY,
        active_version ${d.columnType('integer')} NOT NULL,
        next_version   ${d.columnType('integer')}
      )`,
      `INSERT INTO ${d.table('search_index')} (name, active_version) VALUES ('clients', 1)`,
      ...blindIndexV15(d, liveGeneration),
      ...(buildingGeneration === null ? [] : blindIndexV15(d, buildingGeneration)),
      `DELETE FROM ${d.table('projection_checkpoints')} WHERE name = '${GENERATIONAL_PROJECTION}'`,
      `DELETE FROM ${d.table('projection_checkpoints')} WHERE name LIKE '${GENERATIONAL_PROJECTION}@g%'`,
    ],
  },
  {
    version: 16,
    name: "client search's blind index kept in its key's b-tree (SQLite)",
    statements: (d, { liveGeneration, buildingGeneration }) => [
      ...keyOrderedTermsV16(d, liveGeneration),
      ...(buildingGeneration === null ? [] : keyOrderedTermsV16(d, buildingGeneration)),
    ],
  },
  {
    version: 17,
    name: "each client's timeline kept together in its key's b-tree (SQLite)",
    statements: (d, { liveGeneration, buildingGeneration }) => [
      ...keyOrderedTimelineV17(d, liveGeneration),
      ...(buildingGeneration === null ? [] : keyOrderedTimelineV17(d, buildingGeneration)),
    ],
  },
  {
    version: 18,
    name: 'the columns a client search shows, in an index of their own (SQLite)',
    statements: (d, { liveGeneration, buildingGeneration }) => [
      ...searchColumnsIndexV18(d, liveGeneration),
      ...(buildingGeneration === null ? [] : searchColumnsIndexV18(d, buildingGeneration)),
    ],
  },
];

export type MigrationStatement = Readonly<{
  sql: string;
  params: readonly SqlValue[];
  /** Set on a back-fill (MigrationBackfill): `sql` selects its source rows, and this turns them into inserts. */
  backfill?: MigrationBackfill['writes'];
}>;

/**
 * All SQL of migrating, for one database; each engine runs it in one transaction of its own
 * kind (a synchronous one on SQLite, so a store is usable as soon as it is opened).
 */
export type MigrationPlan = Readonly<{
  createLedger: string;
  /** Selects `version`: the highest applied, 0 for a new database. */
  appliedVersion: string;
  /**
   * Selects `live_generation` and `building_generation` of the client read models; only run
   * on a database at version 3 or later (the table comes with migration 3).
   */
  generations: string;
  /** The context of `pending` from the `generations` row (undefined: none, or not selected). */
  context(row: Readonly<{ live_generation: unknown; building_generation: unknown }> | undefined): MigrationContext;
  /** What brings a database at version `applied` to the latest, ledger rows included. */
  pending(applied: number, context?: MigrationContext): MigrationStatement[];
}>;

/** The first version whose databases have projection_generations. */
export const GENERATIONS_SINCE_VERSION = 3;

export const readModelMigrations = (d: SqlDialect, migrationsTable: string): MigrationPlan => {
  const ledger = d.table(migrationsTable);
  return {
    createLedger: `CREATE TABLE IF NOT EXISTS ${ledger} (
      version    ${d.columnType('integer')} PRIMARY KEY,
      name       ${d.columnType('text')} NOT NULL,
      applied_at ${d.columnType('text')} NOT NULL
    )`,
    appliedVersion: `SELECT COALESCE(MAX(version), 0) AS version FROM ${ledger}`,
    generations: `SELECT live_generation, building_generation FROM ${d.table(GENERATIONS_TABLE)} WHERE projection = '${GENERATIONAL_PROJECTION}'`,
    context: (row) =>
      row === undefined
        ? NEW_DATABASE
        : {
            liveGeneration: Number(row.live_generation),
            buildingGeneration:
              row.building_generation === null || row.building_generation === undefined
                ? null
                : Number(row.building_generation),
          },
    pending: (applied, context = NEW_DATABASE) =>
      MIGRATIONS.filter((migration) => migration.version > applied).flatMap((migration): MigrationStatement[] => [
        ...migration.statements(d, context).map((sql) => ({ sql, params: [] })),
        ...(migration.backfills?.(d, context) ?? []).map(({ select, writes }) => ({
          sql: select,
          params: [],
          backfill: writes,
        })),
        {
          sql: `INSERT INTO ${ledger} (version, name, applied_at) VALUES (?, ?, ?)`,
          params: [migration.version, migration.name, new Date().toISOString()],
        },
      ]),
  };
};
