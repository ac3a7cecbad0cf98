import { BRANCH_COUNTS } from '../client-list/branch-member';
import type { TableDefinition } from './table-definition';
import { CLIENT_VIEW_TABLE } from './client-view.table';
import { FEEDBACK_TABLE } from './feedback.table';

export { FEEDBACK_TABLE } from './feedback.table';
export { CLIENT_SEARCH_COLUMNS_INDEX, CLIENT_VIEW_TABLE } from './client-view.table';

/**
 * The client-view projection's tables as migrations 1, 2, 4 to 18 left them: every generation is
 * created from these, and the repositories write their columns in this order. A migration that
 * changes one of these tables changes its definition too (a spec compares the two on both engines).
 */

/** Client search's blind index (migrations 15, 16, search/search-terms.ts): a row per name or registration-number prefix's HMAC. */
export const CLIENT_SEARCH_TERMS_TABLE: TableDefinition = {
  name: 'client_search_terms',
  columns: [
    { name: 'key_version', type: 'integer', notNull: true },
    { name: 'term', type: 'text', notNull: true },
    { name: 'client_id', type: 'text', notNull: true },
  ],
  primaryKey: ['key_version', 'term', 'client_id'],
  indexes: [{ suffix: 'by_client', keys: ['client_id'] }],
  keyOrdered: true,
};

/** One row per client event; `doc` holds what the other columns do not. */
export const CLIENT_TIMELINE_TABLE: TableDefinition = {
  name: 'client_timeline',
  columns: [
    { name: 'client_id', type: 'text', notNull: true },
    { name: 'revision', type: 'integer', notNull: true },
    { name: 'position', type: 'bigint', notNull: true },
    { name: 'type', type: 'text', notNull: true },
    { name: 'occurred_at', type: 'text', notNull: true },
    { name: 'doc', type: 'json', notNull: true },
  ],
  primaryKey: ['client_id', 'revision'],
  indexes: [],
  // A page of one client's timeline is then a few adjacent pages, not one page per entry.
  keyOrdered: true,
};

export const MANAGERS_TABLE: TableDefinition = {
  name: 'managers',
  columns: [
    { name: 'manager_id', type: 'text' },
    { name: 'name', type: 'text', notNull: true },
    { name: 'branch_id', type: 'text', notNull: true },
    { name: 'level', type: 'text', notNull: true },
    { name: 'status', type: 'text', notNull: true },
    { name: 'revision', type: 'integer', notNull: true },
  ],
  primaryKey: ['manager_id'],
  indexes: [],
};

/** One row per alert; `branch_id` and `manager_id` follow the client's view. */
export const ALERTS_TABLE: TableDefinition = {
  name: 'alerts',
  columns: [
    { name: 'alert_id', type: 'text' },
    { name: 'client_id', type: 'text', notNull: true },
    { name: 'rule_id', type: 'text', notNull: true },
    { name: 'rule_version', type: 'integer', notNull: true },
    { name: 'episode', type: 'integer', notNull: true },
    { name: 'severity', type: 'text', notNull: true },
    { name: 'status', type: 'text', notNull: true },
    { name: 'reason', type: 'text', notNull: true },
    { name: 'raised_at', type: 'text', notNull: true },
    { name: 'due_by', type: 'text', notNull: true },
    { name: 'updated_at', type: 'text', notNull: true },
    { name: 'outcome', type: 'text' },
    { name: 'branch_id', type: 'text' },
    { name: 'manager_id', type: 'text' },
    { name: 'doc', type: 'json', notNull: true },
    { name: 'revision', type: 'integer', notNull: true },
    { name: 'position', type: 'bigint', notNull: true },
  ],
  primaryKey: ['alert_id'],
  // The list pages newest raised first on (raised_at, alert_id); a client's alerts and a status
  // filter each have their own prefix.
  indexes: [
    { suffix: 'by_raised', keys: ['raised_at', 'alert_id'] },
    { suffix: 'by_client', keys: ['client_id', 'raised_at', 'alert_id'] },
    { suffix: 'by_status', keys: ['status', 'raised_at', 'alert_id'] },
  ],
};

/**
 * The branch dashboard's counts per branch and covering manager (`''` for none: a key column cannot
 * be NULL on PostgreSQL, and manager ids are never empty), kept by adding each batch's changes
 * (BranchMember). A contribution sum is two limbs (sql/contribution-limbs.ts) so it stays exact in
 * 64-bit integers.
 */
export const BRANCH_FIGURES_TABLE: TableDefinition = {
  name: 'branch_figures',
  columns: [
    { name: 'branch_id', type: 'text', notNull: true },
    { name: 'manager_id', type: 'text', notNull: true },
    ...BRANCH_COUNTS.map((name) => ({ name, type: 'integer' as const, notNull: true as const })),
    { name: 'contribution_high', type: 'bigint', notNull: true },
    { name: 'contribution_low', type: 'bigint', notNull: true },
  ],
  primaryKey: ['branch_id', 'manager_id'],
  indexes: [],
};

/** One row per converted client with a reported contribution: the 80/20 share reads a branch's top fifth in order. */
export const BRANCH_CONTRIBUTIONS_TABLE: TableDefinition = {
  name: 'branch_contributions',
  columns: [
    { name: 'client_id', type: 'text' },
    { name: 'branch_id', type: 'text', notNull: true },
    { name: 'manager_id', type: 'text' },
    { name: 'contribution_high', type: 'bigint', notNull: true },
    { name: 'contribution_low', type: 'bigint', notNull: true },
  ],
  primaryKey: ['client_id'],
  indexes: [{ suffix: 'by_branch', keys: ['branch_id', 'contribution_high', 'contribution_low'] }],
};

/** One row per converted core client with a contact: coverage counts the recent ones at the request's clock. */
export const BRANCH_CORE_CONTACTS_TABLE: TableDefinition = {
  name: 'branch_core_contacts',
  columns: [
    { name: 'client_id', type: 'text' },
    { name: 'branch_id', type: 'text', notNull: true },
    { name: 'manager_id', type: 'text' },
    { name: 'last_contact_ms', type: 'bigint', notNull: true },
  ],
  primaryKey: ['client_id'],
  indexes: [{ suffix: 'by_branch', keys: ['branch_id', 'last_contact_ms'] }],
};

/**
 * The converted clients' current AUM, loans outstanding and total limits, summed per branch,
 * covering manager (`''` for none, as in BRANCH_FIGURES_TABLE) and currency; each sum in two
 * limbs (sql/contribution-limbs.ts) so it stays exact in 64-bit integers (read-model migration 6).
 */
export const BRANCH_BALANCES_TABLE: TableDefinition = {
  name: 'branch_balances',
  columns: [
    { name: 'branch_id', type: 'text', notNull: true },
    { name: 'manager_id', type: 'text', notNull: true },
    { name: 'currency', type: 'text', notNull: true },
    { name: 'aum_high', type: 'bigint', notNull: true },
    { name: 'aum_low', type: 'bigint', notNull: true },
    { name: 'loans_high', type: 'bigint', notNull: true },
    { name: 'loans_low', type: 'bigint', notNull: true },
    { name: 'limits_high', type: 'bigint', notNull: true },
    { name: 'limits_low', type: 'bigint', notNull: true },
  ],
  primaryKey: ['branch_id', 'manager_id', 'currency'],
  indexes: [],
};

/** One row per risk case (migration 7); `branch_id` and `manager_id` follow the client's view. */
export const RISK_CASES_TABLE: TableDefinition = {
  name: 'risk_cases',
  columns: [
    { name: 'case_id', type: 'text' },
    { name: 'client_id', type: 'text', notNull: true },
    { name: 'status', type: 'text', notNull: true },
    { name: 'severity', type: 'text', notNull: true },
    { name: 'due_by', type: 'text', notNull: true },
    { name: 'overdue', type: 'integer', notNull: true },
    { name: 'assignee', type: 'text' },
    { name: 'branch_id', type: 'text' },
    { name: 'manager_id', type: 'text' },
    { name: 'doc', type: 'json', notNull: true },
    { name: 'revision', type: 'integer', notNull: true },
    { name: 'position', type: 'bigint', notNull: true },
  ],
  primaryKey: ['case_id'],
  // The list pages soonest due first on (due_by, case_id); the open ones (the usual filter) and a
  // client's cases each have their own prefix.
  indexes: [
    { suffix: 'by_due', keys: ['due_by', 'case_id'] },
    { suffix: 'by_status', keys: ['status', 'due_by', 'case_id'] },
    { suffix: 'by_client', keys: ['client_id'] },
  ],
};

/**
 * One row per open agenda entry (migration 9): a planned visit, an open task or follow-up, for the
 * manager it is for. A client's rows are replaced whenever its view's entries change.
 */
export const AGENDA_ITEMS_TABLE: TableDefinition = {
  name: 'agenda_items',
  columns: [
    { name: 'item_id', type: 'text' },
    { name: 'client_id', type: 'text', notNull: true },
    { name: 'kind', type: 'text', notNull: true },
    { name: 'manager_id', type: 'text', notNull: true },
    { name: 'branch_id', type: 'text', notNull: true },
    { name: 'due', type: 'text', notNull: true },
    { name: 'legal_name', type: 'text', notNull: true },
    { name: 'purpose', type: 'text' },
    { name: 'title', type: 'text' },
  ],
  primaryKey: ['item_id'],
  // An agenda reads one manager's entries by due time; a client's rows are replaced by client.
  indexes: [
    { suffix: 'by_manager_due', keys: ['manager_id', 'due'] },
    { suffix: 'by_client', keys: ['client_id'] },
  ],
};

/**
 * One row per sales opportunity, open or closed (migration 10), for the pipelines of managers and
 * branches. A client's rows are replaced whenever its view's opportunities change.
 */
export const OPPORTUNITIES_TABLE: TableDefinition = {
  name: 'opportunities',
  columns: [
    { name: 'opportunity_id', type: 'text' },
    { name: 'client_id', type: 'text', notNull: true },
    { name: 'branch_id', type: 'text', notNull: true },
    { name: 'manager_id', type: 'text', notNull: true },
    { name: 'legal_name', type: 'text', notNull: true },
    { name: 'status', type: 'text', notNull: true },
    { name: 'stage', type: 'text', notNull: true },
    { name: 'product_category', type: 'text', notNull: true },
    { name: 'product_code', type: 'text' },
    { name: 'expected_amount', type: 'text', notNull: true },
    { name: 'currency', type: 'text', notNull: true },
    { name: 'opened_at', type: 'text', notNull: true },
    { name: 'closed_at', type: 'text' },
  ],
  primaryKey: ['opportunity_id'],
  // A manager's or a branch's open ones, and their closed ones by time (win rate); a client's rows
  // are replaced by client.
  indexes: [
    { suffix: 'by_manager', keys: ['manager_id', 'status', 'closed_at'] },
    { suffix: 'by_branch', keys: ['branch_id', 'status', 'closed_at'] },
    { suffix: 'by_client', keys: ['client_id'] },
  ],
};

/**
 * One row per complaint, open or resolved (migration 11), for the complaints list and the branches'
 * monthly summaries; no complaint text. A client's rows are replaced whenever its view's complaints
 * (or its branch or manager) change. `escalated` is a JSON array of the deadlines escalated.
 */
export const COMPLAINTS_TABLE: TableDefinition = {
  name: 'complaints',
  columns: [
    { name: 'complaint_id', type: 'text' },
    { name: 'client_id', type: 'text', notNull: true },
    { name: 'branch_id', type: 'text', notNull: true },
    { name: 'manager_id', type: 'text' },
    { name: 'category', type: 'text', notNull: true },
    { name: 'severity', type: 'text' },
    { name: 'channel', type: 'text' },
    { name: 'status', type: 'text', notNull: true },
    { name: 'received_at', type: 'text', notNull: true },
    { name: 'acknowledge_by', type: 'text' },
    { name: 'due_by', type: 'text' },
    { name: 'acknowledged_at', type: 'text' },
    { name: 'escalated', type: 'text', notNull: true },
    { name: 'resolved_at', type: 'text' },
    { name: 'outcome', type: 'text' },
    { name: 'redress_amount', type: 'text' },
    { name: 'currency', type: 'text' },
  ],
  primaryKey: ['complaint_id'],
  // The list pages newest received first on (received_at, complaint_id), with a prefix per usual
  // filter and scope (branch, manager, status); a branch's month reads its acknowledgements and
  // resolutions by time; a client's rows are replaced by client.
  indexes: [
    { suffix: 'by_received', keys: ['received_at', 'complaint_id'] },
    { suffix: 'by_branch', keys: ['branch_id', 'received_at', 'complaint_id'] },
    { suffix: 'by_manager', keys: ['manager_id', 'received_at', 'complaint_id'] },
    { suffix: 'by_status', keys: ['status', 'received_at', 'complaint_id'] },
    { suffix: 'by_branch_acknowledged', keys: ['branch_id', 'acknowledged_at'] },
    { suffix: 'by_branch_resolved', keys: ['branch_id', 'resolved_at'] },
    { suffix: 'by_client', keys: ['client_id'] },
  ],
};

/**
 * One row per satisfaction answer (migration 13): the client's branch and tier when it answered,
 * the manager it measures, kind, score, whether that manager recorded it, and when. Appended by
 * the client read models' projector, one row per `SatisfactionRecorded`, keyed as the decider
 * keeps survey ids (per client); the figures read a window.
 */
export const SATISFACTION_RESPONSES_TABLE: TableDefinition = {
  name: 'satisfaction_responses',
  columns: [
    { name: 'client_id', type: 'text', notNull: true },
    { name: 'survey_id', type: 'text', notNull: true },
    { name: 'branch_id', type: 'text', notNull: true },
    { name: 'tier', type: 'text' },
    { name: 'manager_id', type: 'text', notNull: true },
    { name: 'kind', type: 'text', notNull: true },
    { name: 'score', type: 'integer', notNull: true },
    { name: 'self_reported', type: 'integer', notNull: true },
    { name: 'answered_at', type: 'text', notNull: true },
  ],
  primaryKey: ['client_id', 'survey_id'],
  indexes: [
    { suffix: 'by_answered', keys: ['answered_at'] },
    { suffix: 'by_branch', keys: ['branch_id', 'answered_at'] },
    { suffix: 'by_manager', keys: ['manager_id', 'answered_at'] },
  ],
};

/**
 * One row per piece of internal work (migration 14): a complaint resolved, a risk case worked, a
 * credit proposal decided, a feedback answered, with the department that did it and when it
 * started and ended; ids, times and no text. Written event by event by the client read models'
 * projector; the service-level report reads the work finished in a window.
 */
export const SERVICE_TIMES_TABLE: TableDefinition = {
  name: 'service_times',
  columns: [
    { name: 'measure', type: 'text', notNull: true },
    { name: 'subject_id', type: 'text', notNull: true },
    { name: 'department_id', type: 'text', notNull: true },
    { name: 'client_id', type: 'text', notNull: true },
    { name: 'started_at', type: 'text', notNull: true },
    { name: 'ended_at', type: 'text' },
    { name: 'due_at', type: 'text' },
  ],
  primaryKey: ['measure', 'subject_id'],
  indexes: [{ suffix: 'by_ended', keys: ['ended_at'] }],
};

/** One row per rating of a department's service by a manager (migration 14); the comment stays in the log. */
export const DEPARTMENT_RATINGS_TABLE: TableDefinition = {
  name: 'department_ratings',
  columns: [
    { name: 'rating_id', type: 'text' },
    { name: 'department_id', type: 'text', notNull: true },
    { name: 'rated_by', type: 'text', notNull: true },
    { name: 'score', type: 'integer', notNull: true },
    { name: 'rated_at', type: 'text', notNull: true },
  ],
  primaryKey: ['rating_id'],
  indexes: [{ suffix: 'by_rated', keys: ['rated_at'] }],
};

/** The tables of one generation, in the order they are created and dropped. */
export const GENERATION_TABLES: readonly TableDefinition[] = [
  CLIENT_VIEW_TABLE,
  CLIENT_TIMELINE_TABLE,
  MANAGERS_TABLE,
  ALERTS_TABLE,
  BRANCH_FIGURES_TABLE,
  BRANCH_CONTRIBUTIONS_TABLE,
  BRANCH_CORE_CONTACTS_TABLE,
  BRANCH_BALANCES_TABLE,
  RISK_CASES_TABLE,
  AGENDA_ITEMS_TABLE,
  OPPORTUNITIES_TABLE,
  COMPLAINTS_TABLE,
  FEEDBACK_TABLE,
  SATISFACTION_RESPONSES_TABLE,
  SERVICE_TIMES_TABLE,
  DEPARTMENT_RATINGS_TABLE,
  CLIENT_SEARCH_TERMS_TABLE,
];
