import {
  AGENDA_ITEMS_TABLE,
  ALERTS_TABLE,
  BRANCH_BALANCES_TABLE,
  BRANCH_CONTRIBUTIONS_TABLE,
  BRANCH_CORE_CONTACTS_TABLE,
  BRANCH_FIGURES_TABLE,
  CLIENT_TIMELINE_TABLE,
  CLIENT_VIEW_TABLE,
  COMPLAINTS_TABLE,
  SATISFACTION_RESPONSES_TABLE,
  DEPARTMENT_RATINGS_TABLE,
  CLIENT_SEARCH_TERMS_TABLE,
  FEEDBACK_TABLE,
  GENERATION_TABLES,
  MANAGERS_TABLE,
  OPPORTUNITIES_TABLE,
  RISK_CASES_TABLE,
  SERVICE_TIMES_TABLE,
} from './read-model.tables';
import type { SqlDialect } from './sql-dialect';
import { createTableSql } from './table-definition';

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
  /** Read-model migration 5: the branch dashboard's aggregates, kept in the same batches as the views. */
  branchFigures: string;
  branchContributions: string;
  branchCoreContacts: string;
  /** Read-model migration 6: the dashboard's balances per currency. */
  branchBalances: string;
  /** Read-model migration 7: one row per risk case, for the case list. */
  riskCases: string;
  /** Read-model migration 9: one row per open visit, task and follow-up, for the agenda. */
  agendaItems: string;
  /** Read-model migration 10: one row per sales opportunity, for the pipelines. */
  opportunities: string;
  /** Read-model migration 11: one row per complaint, for the complaints list and monthly summaries. */
  complaints: string;
  /** Read-model migration 12: one row per forwarded feedback, for the departments' queues and products' counts. */
  feedback: string;
  /** Read-model migration 13: one row per satisfaction answer, for the NPS and CSAT figures. */
  satisfactionResponses: string;
  /** Read-model migration 14: internal work timed, and ratings of departments, for the service levels. */
  serviceTimes: string;
  departmentRatings: string;
  /** Read-model migration 15: the blind index of client search. */
  searchTerms: string;
}>;

/**
 * Generation 1 is the tables created by the first migrations, unsuffixed, so an existing database
 * needs no copy; later generations (rebuilds) carry `_g<n>`.
 */
export const generationTableName = (base: string, generation: number): string =>
  generation === 1 ? base : `${base}_g${generation}`;

export const generationTables = (d: SqlDialect, generation: number): GenerationTables => ({
  generation,
  clientView: d.table(generationTableName(CLIENT_VIEW_TABLE.name, generation)),
  timeline: d.table(generationTableName(CLIENT_TIMELINE_TABLE.name, generation)),
  managers: d.table(generationTableName(MANAGERS_TABLE.name, generation)),
  alerts: d.table(generationTableName(ALERTS_TABLE.name, generation)),
  branchFigures: d.table(generationTableName(BRANCH_FIGURES_TABLE.name, generation)),
  branchContributions: d.table(generationTableName(BRANCH_CONTRIBUTIONS_TABLE.name, generation)),
  branchCoreContacts: d.table(generationTableName(BRANCH_CORE_CONTACTS_TABLE.name, generation)),
  branchBalances: d.table(generationTableName(BRANCH_BALANCES_TABLE.name, generation)),
  riskCases: d.table(generationTableName(RISK_CASES_TABLE.name, generation)),
  agendaItems: d.table(generationTableName(AGENDA_ITEMS_TABLE.name, generation)),
  opportunities: d.table(generationTableName(OPPORTUNITIES_TABLE.name, generation)),
  complaints: d.table(generationTableName(COMPLAINTS_TABLE.name, generation)),
  feedback: d.table(generationTableName(FEEDBACK_TABLE.name, generation)),
  satisfactionResponses: d.table(generationTableName(SATISFACTION_RESPONSES_TABLE.name, generation)),
  serviceTimes: d.table(generationTableName(SERVICE_TIMES_TABLE.name, generation)),
  departmentRatings: d.table(generationTableName(DEPARTMENT_RATINGS_TABLE.name, generation)),
  searchTerms: d.table(generationTableName(CLIENT_SEARCH_TERMS_TABLE.name, generation)),
});

/** The tables and indexes of a new generation, as the migrations left generation 1's (read-model.tables.ts). */
export const generationDdl = (d: SqlDialect, generation: number): string[] => {
  if (generation < 2) throw new Error(`generation ${generation} is created by the migrations`);
  return GENERATION_TABLES.flatMap((table) => createTableSql(d, table, generationTableName(table.name, generation)));
};

/** Drops every table of a generation (their indexes go with them); a missing table is no error. */
export const dropGenerationDdl = (d: SqlDialect, generation: number): string[] =>
  GENERATION_TABLES.map((table) => `DROP TABLE IF EXISTS ${d.table(generationTableName(table.name, generation))}`);

/** Checkpoint row of a generation being built (the live generation keeps the projection's own name). */
export const buildingCheckpointName = (projection: string, generation: number): string =>
  `${projection}@g${generation}`;
