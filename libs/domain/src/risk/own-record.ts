/**
 * The risk state keeps collections as plain objects so it stays JSON. Their keys are ids chosen by
 * callers, so reads must ignore Object.prototype ("constructor", "__proto__") and writes must
 * define own properties. Computed keys and spreads do exactly that; these helpers keep it so.
 */
export type IdRecord<V> = Readonly<Record<string, V>>;

export const ownValue = <V>(record: IdRecord<V>, key: string): V | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

export const withEntry = <V>(record: IdRecord<V>, key: string, value: V): IdRecord<V> => ({ ...record, [key]: value });

export const withoutEntry = <V>(record: IdRecord<V>, key: string): IdRecord<V> =>
  Object.fromEntries(Object.entries(record).filter(([entryKey]) => entryKey !== key));
