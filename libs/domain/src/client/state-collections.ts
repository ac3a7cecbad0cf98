/** Copy-on-write updates of the decider state's collections: a folded state is never mutated. */
export const withEntry = <V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> =>
  new Map(map).set(key, value);

/** Updates an existing entry; an event about an unknown entry is ignored so evolve stays total. */
export const updateEntry = <V>(
  map: ReadonlyMap<string, V>,
  key: string,
  update: (value: V) => V,
): ReadonlyMap<string, V> => {
  const current = map.get(key);
  return current === undefined ? map : withEntry(map, key, update(current));
};

export const withMember = (set: ReadonlySet<string>, value: string): ReadonlySet<string> => new Set(set).add(value);
