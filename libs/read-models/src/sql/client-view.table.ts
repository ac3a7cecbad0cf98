import type { IndexDefinition, TableDefinition } from './table-definition';

/**
 * What a search by `q` reads of each client it finds (migration 18): the columns it shows and those
 * its filters and scopes compare, after the key its terms are joined on.
 */
export const CLIENT_SEARCH_COLUMNS_INDEX: IndexDefinition = {
  suffix: 'by_client_id_for_search',
  keys: [
    'client_id',
    'legal_name',
    'branch_id',
    'manager_id',
    'tier',
    'status',
    'risk_level',
    'last_contact_at',
    'credit_approval',
  ],
  covering: true,
};

/** One row per client: the view document, plus the columns the lists filter and sort on (ClientListColumns). */
export const CLIENT_VIEW_TABLE: TableDefinition = {
  name: 'client_view',
  columns: [
    { name: 'client_id', type: 'text' },
    { name: 'branch_id', type: 'text', notNull: true },
    { name: 'manager_id', type: 'text' },
    { name: 'tier', type: 'text' },
    { name: 'status', type: 'text', notNull: true },
    { name: 'doc', type: 'json', notNull: true },
    { name: 'revision', type: 'integer', notNull: true },
    { name: 'position', type: 'bigint', notNull: true },
    { name: 'updated_at', type: 'text', notNull: true },
    { name: 'legal_name', type: 'text' },
    { name: 'registration_no', type: 'text' },
    { name: 'risk_level', type: 'text' },
    { name: 'last_contact_at', type: 'text' },
    { name: 'follow_up_dues', type: 'text' },
    { name: 'annual_contribution', type: 'text' },
    { name: 'open_products', type: 'integer' },
    { name: 'last_nps', type: 'integer' },
    { name: 'open_alerts_low', type: 'integer' },
    { name: 'open_alerts_medium', type: 'integer' },
    { name: 'open_alerts_high', type: 'integer' },
    { name: 'open_alerts_critical', type: 'integer' },
    { name: 'credit_approval', type: 'text' },
  ],
  primaryKey: ['client_id'],
  // (filter, client_id): each filter of the search pages in client_id order straight off its index.
  indexes: [
    { suffix: 'by_branch_id', keys: ['branch_id', 'client_id'] },
    { suffix: 'by_manager_id', keys: ['manager_id', 'client_id'] },
    { suffix: 'by_tier', keys: ['tier', 'client_id'] },
    { suffix: 'by_risk_level', keys: ['risk_level', 'client_id'] },
    { suffix: 'by_credit_approval', keys: ['credit_approval', 'client_id'] },
    CLIENT_SEARCH_COLUMNS_INDEX,
  ],
};
