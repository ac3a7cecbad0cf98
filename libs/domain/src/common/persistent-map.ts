/**
 * An immutable string-keyed map whose `set` returns a new map sharing all but one path with the
 * old one (a hash array mapped trie, 32 ways per level), so adding an entry costs O(log₃₂ n)
 * instead of copying every entry. Folded decider states grow a collection by one entry per event
 * (a client's contacts), and copying a `Map` per event made a hot stream's fold O(n²).
 *
 * It is a `ReadonlyMap`, so deciders read it as before. Iteration visits every entry once, in
 * hash order, not insertion order: nothing that decides may depend on the order.
 */

type Leaf<V> = Readonly<{ kind: 'leaf'; hash: number; key: string; value: V }>;
/** Keys whose 32-bit hashes are equal. */
type Collision<V> = Readonly<{ kind: 'collision'; hash: number; leaves: readonly Leaf<V>[] }>;
type Branch<V> = Readonly<{ kind: 'branch'; bitmap: number; children: readonly Node<V>[] }>;
type Node<V> = Leaf<V> | Collision<V> | Branch<V>;

const BITS = 5;
const MASK = (1 << BITS) - 1;

/** FNV-1a over UTF-16 code units: cheap and spreads ids that share long prefixes. */
const hashOf = (key: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
};

const fragment = (hash: number, shift: number): number => (hash >>> shift) & MASK;

const popcount = (bits: number): number => {
  let n = bits - ((bits >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

const EMPTY_BRANCH: Branch<never> = { kind: 'branch', bitmap: 0, children: [] };

const replaced = <T>(items: readonly T[], index: number, item: T): T[] => {
  const copy = items.slice();
  copy[index] = item;
  return copy;
};

/** A branch holding two nodes whose hashes differ (so they part at some level by bit 31). */
const split = <V>(a: Leaf<V> | Collision<V>, b: Leaf<V>, shift: number): Branch<V> => {
  const fa = fragment(a.hash, shift);
  const fb = fragment(b.hash, shift);
  if (fa === fb) return { kind: 'branch', bitmap: 1 << fa, children: [split(a, b, shift + BITS)] };
  return { kind: 'branch', bitmap: (1 << fa) | (1 << fb), children: fa < fb ? [a, b] : [b, a] };
};

/** `leaf` put into `node`, and whether that added a key (rather than replacing a value). */
const put = <V>(node: Node<V>, leaf: Leaf<V>, shift: number): [Node<V>, boolean] => {
  if (node.kind === 'leaf') {
    if (node.key === leaf.key) return [leaf, false];
    if (node.hash === leaf.hash) return [{ kind: 'collision', hash: leaf.hash, leaves: [node, leaf] }, true];
    return [split(node, leaf, shift), true];
  }
  if (node.kind === 'collision') {
    if (node.hash !== leaf.hash) return [split(node, leaf, shift), true];
    const at = node.leaves.findIndex((existing) => existing.key === leaf.key);
    const leaves = at < 0 ? [...node.leaves, leaf] : replaced(node.leaves, at, leaf);
    return [{ kind: 'collision', hash: node.hash, leaves }, at < 0];
  }
  const bit = 1 << fragment(leaf.hash, shift);
  const index = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    const children = [...node.children.slice(0, index), leaf, ...node.children.slice(index)];
    return [{ kind: 'branch', bitmap: node.bitmap | bit, children }, true];
  }
  const [child, added] = put(node.children[index], leaf, shift + BITS);
  return [{ kind: 'branch', bitmap: node.bitmap, children: replaced(node.children, index, child) }, added];
};

const find = <V>(root: Branch<V>, hash: number, key: string): Leaf<V> | undefined => {
  let node: Node<V> = root;
  for (let shift = 0; ; shift += BITS) {
    if (node.kind === 'leaf') return node.key === key ? node : undefined;
    if (node.kind === 'collision') return node.leaves.find((leaf) => leaf.key === key);
    const bit: number = 1 << fragment(hash, shift);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[popcount(node.bitmap & (bit - 1))];
  }
};

function* leavesOf<V>(node: Node<V>): Generator<Leaf<V>> {
  if (node.kind === 'leaf') yield node;
  else if (node.kind === 'collision') yield* node.leaves;
  else for (const child of node.children) yield* leavesOf(child);
}

export class PersistentMap<V> implements ReadonlyMap<string, V> {
  private static readonly EMPTY = new PersistentMap<never>(EMPTY_BRANCH, 0);

  private constructor(
    private readonly root: Branch<V>,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY as PersistentMap<V>;
  }

  /** The same entries as `map`, as a persistent map (`map` itself when it is one). */
  static from<V>(map: ReadonlyMap<string, V>): PersistentMap<V> {
    if (map instanceof PersistentMap) return map as PersistentMap<V>;
    let result = PersistentMap.empty<V>();
    for (const [key, value] of map) result = result.set(key, value);
    return result;
  }

  /** A new map with `key` set to `value`; this one is unchanged. */
  set(key: string, value: V): PersistentMap<V> {
    const [root, added] = put(this.root, { kind: 'leaf', hash: hashOf(key), key, value }, 0);
    return new PersistentMap(root as Branch<V>, added ? this.size + 1 : this.size);
  }

  get(key: string): V | undefined {
    return find(this.root, hashOf(key), key)?.value;
  }

  has(key: string): boolean {
    return find(this.root, hashOf(key), key) !== undefined;
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const leaf of leavesOf(this.root)) callback.call(thisArg, leaf.value, leaf.key, this);
  }

  *entries(): MapIterator<[string, V]> {
    for (const leaf of leavesOf(this.root)) yield [leaf.key, leaf.value];
  }

  *keys(): MapIterator<string> {
    for (const leaf of leavesOf(this.root)) yield leaf.key;
  }

  *values(): MapIterator<V> {
    for (const leaf of leavesOf(this.root)) yield leaf.value;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
}
