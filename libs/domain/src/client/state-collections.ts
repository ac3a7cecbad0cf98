import { PersistentMap } from '../common/persistent-map';

/**
 * Updates of the decider state's collections: a folded state is never mutated. Maps are
 * persistent, so an update shares everything but one path with the map before it: a client with
 * thousands of contacts pays O(log n) per ContactLogged, not a copy of all of them.
 */
export const withEntry = <V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> =>
  PersistentMap.from(map).set(key, value);

/** Updates an existing entry; an event about an unknown entry is ignored so evolve stays total. */
export const updateEntry = <V>(
  map: ReadonlyMap<string, V>,
  key: string,
  update: (value: V) => V,
): ReadonlyMap<string, V> => {
  const current = map.get(key);
  return current === undefined ? map : withEntry(map, key, update(current));
};

/** A collection with nothing in it yet. */
export const emptyEntries = <V>(): ReadonlyMap<string, V> => PersistentMap.empty<V>();
