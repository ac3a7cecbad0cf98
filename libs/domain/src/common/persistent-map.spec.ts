import fc from 'fast-check';
import { PersistentMap } from './persistent-map';

describe('PersistentMap', () => {
  it('reads like a Map after any sequence of sets, and leaves every earlier version as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 300 }), (writes) => {
        let map = PersistentMap.empty<number>();
        const versions: [PersistentMap<number>, Map<string, number>][] = [];
        const model = new Map<string, number>();
        for (const [key, value] of writes) {
          map = map.set(key, value);
          model.set(key, value);
          versions.push([map, new Map(model)]);
        }
        for (const [version, expected] of versions) {
          expect(version.size).toBe(expected.size);
          for (const [key, value] of expected) expect(version.get(key)).toBe(value);
          expect(new Map(version)).toEqual(expected);
        }
        expect(map.has('\u0000absent')).toBe(model.has('\u0000absent'));
      }),
    );
  });

  it('keeps keys whose hashes collide apart', () => {
    // Pairs with equal FNV-1a hashes, found by search; the third key shares its path only partly.
    const colliding = ['c-308475', 'c-1293310', 'c-308474', 'c-1293311'];
    let map = PersistentMap.empty<string>();
    for (const key of colliding) map = map.set(key, key.toUpperCase());
    const before = map;
    map = map.set('c-1293310', 'replaced').set('c-1', 'other');
    expect(map.size).toBe(5);
    expect(map.get('c-308475')).toBe('C-308475');
    expect(map.get('c-1293310')).toBe('replaced');
    expect(map.get('c-1293311')).toBe('C-1293311');
    expect(map.has('c-1293312')).toBe(false);
    expect(before.get('c-1293310')).toBe('C-1293310');
    expect(new Set(map.keys())).toEqual(new Set([...colliding, 'c-1']));
  });

  it('holds many keys', () => {
    let map = PersistentMap.empty<string>();
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i.toString(36)}`);
    for (const key of keys) map = map.set(key, key.toUpperCase());
    expect(map.size).toBe(keys.length);
    expect(keys.every((key) => map.get(key) === key.toUpperCase())).toBe(true);
    expect(new Set(map.keys()).size).toBe(keys.length);
  });

  it('takes the entries of a plain Map, and is itself when already persistent', () => {
    const plain = new Map([
      ['constructor', 1],
      ['__proto__', 2],
    ]);
    const map = PersistentMap.from(plain);
    expect(map.get('constructor')).toBe(1);
    expect(map.get('__proto__')).toBe(2);
    expect(map.has('toString')).toBe(false);
    expect(PersistentMap.from(map)).toBe(map);
    const seen: [string, number][] = [];
    map.forEach((value, key) => seen.push([key, value]));
    expect(new Map(seen)).toEqual(plain);
  });

  it('replaces a value without growing', () => {
    const map = PersistentMap.empty<number>().set('a', 1).set('a', 2);
    expect(map.size).toBe(1);
    expect(map.get('a')).toBe(2);
    expect([...map.values()]).toEqual([2]);
  });
});
