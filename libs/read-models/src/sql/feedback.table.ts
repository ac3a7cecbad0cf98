import type { TableDefinition } from './table-definition';

/**
 * One row per forwarded feedback (migration 12), for the departments' queues and the products'
 * counts; no text and no answer. A client's rows are replaced whenever its view's feedback (or its
 * branch or manager) change. The times are ISO-8601 UTC: forwarded (the event's occurredAt), first
 * answered, latest decided (accepted or declined), closed (implemented or declined).
 */
export const FEEDBACK_TABLE: TableDefinition = {
  name: 'feedback',
  columns: [
    { name: 'feedback_id', type: 'text' },
    { name: 'client_id', type: 'text', notNull: true },
    { name: 'branch_id', type: 'text', notNull: true },
    { name: 'manager_id', type: 'text' },
    { name: 'department', type: 'text', notNull: true },
    { name: 'product_code', type: 'text' },
    { name: 'theme', type: 'text' },
    { name: 'status', type: 'text', notNull: true },
    { name: 'forwarded_at', type: 'text', notNull: true },
    { name: 'answered_at', type: 'text' },
    { name: 'decided_at', type: 'text' },
    { name: 'closed_at', type: 'text' },
  ],
  primaryKey: ['feedback_id'],
  // A department's queue pages oldest forwarded first, with or without a status filter; a product's
  // counts read its rows; a client's rows are replaced by client.
  indexes: [
    { suffix: 'by_department', keys: ['department', 'forwarded_at', 'feedback_id'] },
    { suffix: 'by_product', keys: ['product_code'] },
    { suffix: 'by_client', keys: ['client_id'] },
  ],
};
