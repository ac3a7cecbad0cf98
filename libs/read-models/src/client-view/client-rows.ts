import type { ClientView } from './client-view';

/** The rows a table keeps for one client after a batch, replacing the ones stored for it. */
export type ClientRows<T> = Readonly<{ clientId: string; rows: readonly T[] }>;

/**
 * The client's rows of a table derived from its view (`rowsOf`), when they differ from what the
 * view before the batch gave; null otherwise. Most events leave such a table alone, so a batch
 * writes only the clients whose rows did change.
 */
export const changedClientRows = <T>(
  before: ClientView | null,
  after: ClientView,
  rowsOf: (view: ClientView) => T[],
): ClientRows<T> | null => {
  const rows = rowsOf(after);
  const previous = before === null ? [] : rowsOf(before);
  if (rows.length === 0 && previous.length === 0) return null;
  return JSON.stringify(rows) === JSON.stringify(previous) ? null : { clientId: after.id, rows };
};
