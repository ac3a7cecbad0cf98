/**
 * An immutable set of ids that remembers each id as a 64-bit fingerprint instead of the string,
 * for decider states that must recognise every id a stream ever recorded (a client's contacts,
 * surveys, feedback) and would otherwise grow by a string, a map entry and a record per event:
 * about 260 bytes per contact, which kept the API's heap growing for as long as contacts were
 * logged. Here an id costs 16–32 bytes.
 *
 * A fingerprint can collide: two different ids of one stream share one with a probability of
 * about n² / 2⁶⁵ (for 100,000 ids of a single client, 3 in 10¹⁰), and the later id is then
 * taken for a repeat of the earlier; docs/decisions.md §38 says why that is acceptable.
 *
 * The versions of one fold share a table: an entry carries the ordinal at which it was added,
 * and a version sees the entries below its size. Adding to the newest version writes in place;
 * adding to an older one (two loads of the same stream finishing out of order) copies first, so
 * no version ever sees an id added after it.
 */

type Table = {
  /** The two 32-bit halves of each slot's fingerprint. */
  high: Uint32Array;
  low: Uint32Array;
  /** 1 + the ordinal of the slot's entry; 0 marks a free slot. */
  ordinal: Uint32Array;
  /** Entries written so far, by every version sharing the table. */
  count: number;
};

const MIN_CAPACITY = 8;
/** Linear probing stays short below three quarters full. */
const MAX_LOAD = 0.75;

/** cyrb53's two 32-bit lanes, both kept: a well-mixed, seedless 64-bit hash of the UTF-16 units. */
const fingerprintOf = (id: string): [number, number] => {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < id.length; i++) {
    const unit = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
};

const newTable = (capacity: number): Table => ({
  high: new Uint32Array(capacity),
  low: new Uint32Array(capacity),
  ordinal: new Uint32Array(capacity),
  count: 0,
});

/** The slot holding the fingerprint among entries below `size`, or -1. */
const find = (table: Table, high: number, low: number, size: number): number => {
  const mask = table.ordinal.length - 1;
  for (let slot = high & mask; table.ordinal[slot] !== 0; slot = (slot + 1) & mask) {
    if (table.high[slot] === high && table.low[slot] === low && table.ordinal[slot] - 1 < size) return slot;
  }
  return -1;
};

const place = (table: Table, high: number, low: number, ordinal: number): void => {
  const mask = table.ordinal.length - 1;
  let slot = high & mask;
  while (table.ordinal[slot] !== 0) slot = (slot + 1) & mask;
  table.high[slot] = high;
  table.low[slot] = low;
  table.ordinal[slot] = ordinal + 1;
};

/** The entries below `size`, in a table with room for `capacity` slots, ordinals kept. */
const copied = (from: Table, size: number, capacity: number): Table => {
  const table = newTable(capacity);
  for (let slot = 0; slot < from.ordinal.length; slot++) {
    const ordinal = from.ordinal[slot] - 1;
    if (ordinal >= 0 && ordinal < size) place(table, from.high[slot], from.low[slot], ordinal);
  }
  table.count = size;
  return table;
};

const capacityFor = (entries: number): number => {
  let capacity = MIN_CAPACITY;
  while (entries > capacity * MAX_LOAD) capacity *= 2;
  return capacity;
};

export class FingerprintSet {
  private static readonly EMPTY = new FingerprintSet(null, 0);

  private constructor(
    private readonly table: Table | null,
    readonly size: number,
  ) {}

  static empty(): FingerprintSet {
    return FingerprintSet.EMPTY;
  }

  static of(ids: Iterable<string>): FingerprintSet {
    let set = FingerprintSet.EMPTY;
    for (const id of ids) set = set.with(id);
    return set;
  }

  has(id: string): boolean {
    if (this.table === null) return false;
    const [high, low] = fingerprintOf(id);
    return find(this.table, high, low, this.size) >= 0;
  }

  /** This set with `id` in it (this very set when it already holds it). */
  with(id: string): FingerprintSet {
    const [high, low] = fingerprintOf(id);
    if (this.table !== null && find(this.table, high, low, this.size) >= 0) return this;
    const needed = capacityFor(this.size + 1);
    let table = this.table;
    if (table === null || table.count !== this.size) {
      table = table === null ? newTable(needed) : copied(table, this.size, needed);
    } else if (needed > table.ordinal.length) {
      // Grown in place: older versions keep seeing only their entries, by ordinal.
      const grown = copied(table, table.count, needed);
      Object.assign(table, grown);
    }
    place(table, high, low, this.size);
    table.count = this.size + 1;
    return new FingerprintSet(table, this.size + 1);
  }
}
