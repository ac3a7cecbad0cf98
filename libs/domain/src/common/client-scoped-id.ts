/**
 * Ids of things that belong to one client and are numbered per client (risk cases, credit
 * proposals): `<clientId>.<n>`, the client's n-th. Whoever holds the id knows the client without
 * reading anything, and whoever numbers the next one names the same id as a rival would, so the
 * store's expected revision lets only one of them write it.
 *
 * Client ids are uuids (letters, digits, `-`), so the id is URL- and stream-safe; the number is
 * everything after the last `.`.
 */
export const clientScopedId = (clientId: string, n: number): string => {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('the number must be a positive integer');
  return `${clientId}.${n}`;
};

/** The client and number of such an id; null for an id none can have. */
export const parseClientScopedId = (id: string): Readonly<{ clientId: string; n: number }> | null => {
  const dot = id.lastIndexOf('.');
  if (dot < 1) return null;
  const n = Number(id.slice(dot + 1));
  if (!Number.isInteger(n) || n < 1 || String(n) !== id.slice(dot + 1)) return null;
  return { clientId: id.slice(0, dot), n };
};
