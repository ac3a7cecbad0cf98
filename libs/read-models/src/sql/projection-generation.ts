import type { SqlDialect } from './sql-dialect';

/** The projection whose tables have generations: the client read models, stored as `client-view` (migration 3). */
export const GENERATIONAL_PROJECTION = 'client-view';

/** Name of the generations table: one row per projection, see read-model.migrations.ts version 3. */
export const GENERATIONS_TABLE = 'projection_generations';

/** The tables of one generation of the client read models, as statements write them. */
export type GenerationTables = Readonly<{
  generation: number;
  clientView: string;
  timeline: string;
  managers: string;
  /** Read-model migration 4; projected by the same projector, so it rebuilds and switches with the others. */
  alerts: string;
}>;

/**
 * Generation 1 is the tables created by the first migrations, unsuffixed, so an existing database
 * needs no copy; later generations (rebuilds) carry `_g<n>`.
 */
export const generationTableName = (base: string, generation: number): string => (generation === 1 ? base : `${base}_g${generation}`);

export const generationTables = (d: SqlDialect, generation: number): GenerationTables => ({
  generation,
  clientView: d.table(generationTableName('client_view', generation)),
  timeline: d.table(generationTableName('client_timeline', generation)),
  managers: d.table(generationTableName('managers', generation)),
  alerts: d.table(generationTableName('alerts', generation)),
});

/**
 * The live schema of the projection's tables (what migrations 1, 2 and 4 left), for a new generation:
 * same columns in the same order, same indexes. Index names are per schema on both engines, hence
 * the table name in each. A migration that changes these tables must change this DDL too, and
 * apply itself to the live generation's tables.
 */
export const generationDdl = (d: SqlDialect, generation: number): string[] => {
  if (generation < 2) throw new Error(`generation ${generation} is created by the migrations`);
  const text = d.columnType('text');
  const integer = d.columnType('integer');
  const bigint = d.columnType('bigint');
  const json = d.columnType('json');
  const views = generationTableName('client_view', generation);
  const alerts = generationTableName('alerts', generation);
  const t = generationTables(d, generation);
  return [
    `CREATE TABLE ${t.clientView} (
      client_id  ${text} PRIMARY KEY,
      branch_id  ${text} NOT NULL,
      manager_id ${text},
      tier       ${text},
      status     ${text} NOT NULL,
      doc        ${json} NOT NULL,
      revision   ${integer} NOT NULL,
      position   ${bigint} NOT NULL,
      updated_at ${text} NOT NULL,
      legal_name ${text},
      registration_no ${text},
      risk_level ${text},
      last_contact_at ${text},
      follow_up_dues ${text},
      annual_contribution ${text},
      open_products ${integer},
      last_nps ${integer},
      open_alerts_low ${integer},
      open_alerts_medium ${integer},
      open_alerts_high ${integer},
      open_alerts_critical ${integer}
    )`,
    `CREATE INDEX ${views}_by_branch_id ON ${t.clientView} (branch_id, client_id)`,
    `CREATE INDEX ${views}_by_manager_id ON ${t.clientView} (manager_id, client_id)`,
    `CREATE INDEX ${views}_by_tier ON ${t.clientView} (tier, client_id)`,
    `CREATE INDEX ${views}_by_risk_level ON ${t.clientView} (risk_level, client_id)`,
    `CREATE INDEX ${views}_by_legal_name_prefix ON ${t.clientView} (${d.prefixIndexKey('legal_name')})`,
    `CREATE INDEX ${views}_by_registration_no_prefix ON ${t.clientView} (${d.prefixIndexKey('registration_no')})`,
    `CREATE TABLE ${t.timeline} (
      client_id   ${text} NOT NULL,
      revision    ${integer} NOT NULL,
      position    ${bigint} NOT NULL,
      type        ${text} NOT NULL,
      occurred_at ${text} NOT NULL,
      doc         ${json} NOT NULL,
      PRIMARY KEY (client_id, revision)
    )`,
    `CREATE TABLE ${t.managers} (
      manager_id ${text} PRIMARY KEY,
      name       ${text} NOT NULL,
      branch_id  ${text} NOT NULL,
      level      ${text} NOT NULL,
      status     ${text} NOT NULL,
      revision   ${integer} NOT NULL
    )`,
    `CREATE TABLE ${t.alerts} (
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
      doc          ${json} NOT NULL,
      revision     ${integer} NOT NULL,
      position     ${bigint} NOT NULL
    )`,
    `CREATE INDEX ${alerts}_by_raised ON ${t.alerts} (raised_at, alert_id)`,
    `CREATE INDEX ${alerts}_by_client ON ${t.alerts} (client_id, raised_at, alert_id)`,
    `CREATE INDEX ${alerts}_by_status ON ${t.alerts} (status, raised_at, alert_id)`,
  ];
};

/** Drops every table of a generation (their indexes go with them); a missing table is no error. */
export const dropGenerationDdl = (d: SqlDialect, generation: number): string[] => {
  const t = generationTables(d, generation);
  return [t.clientView, t.timeline, t.managers, t.alerts].map((table) => `DROP TABLE IF EXISTS ${table}`);
};

/** Checkpoint row of a generation being built (the live generation keeps the projection's own name). */
export const buildingCheckpointName = (projection: string, generation: number): string => `${projection}@g${generation}`;
