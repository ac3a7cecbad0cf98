import { FingerprintSet } from './fingerprint-set';

const ids = (count: number, prefix = 'contact-'): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('FingerprintSet', () => {
  test('holds what was added and nothing else', () => {
    const set = FingerprintSet.of(['k-1', 'k-2', 'constructor', '__proto__', '']);
    expect(['k-1', 'k-2', 'constructor', '__proto__', ''].every((id) => set.has(id))).toBe(true);
    expect(set.has('k-3')).toBe(false);
    expect(set.has('toString')).toBe(false);
    expect(set.size).toBe(5);
  });

  test('adding an id it holds returns the same set', () => {
    const set = FingerprintSet.of(['k-1']);
    expect(set.with('k-1')).toBe(set);
  });

  test('keeps every id through its growth, and reports none of 200,000 others (no collision at this size)', () => {
    const added = ids(200_000);
    const set = FingerprintSet.of(added);
    expect(set.size).toBe(200_000);
    expect(added.filter((id) => !set.has(id))).toEqual([]);
    expect(ids(200_000, 'other-').filter((id) => set.has(id))).toEqual([]);
  });

  test('tells apart ids that differ in one character, including non-ASCII ones', () => {
    const set = FingerprintSet.of(['客户-0001', 'a'.repeat(1000)]);
    expect(set.has('客户-0002')).toBe(false);
    expect(set.has(`${'a'.repeat(999)}b`)).toBe(false);
    expect(set.has('客户-0001')).toBe(true);
  });

  test('an older version does not see ids added after it, even once the shared table has grown', () => {
    const older = FingerprintSet.of(ids(5));
    const newer = ids(100, 'later-').reduce((set, id) => set.with(id), older);
    expect(older.size).toBe(5);
    expect(older.has('later-0')).toBe(false);
    expect(older.has('contact-4')).toBe(true);
    expect(newer.has('later-99')).toBe(true);
  });

  test('adding to an older version leaves the newer one as it was (two loads finishing out of order)', () => {
    const base = FingerprintSet.of(ids(3));
    const newer = base.with('from-newer');
    const branched = base.with('from-older');
    expect(branched.has('from-older')).toBe(true);
    expect(branched.has('from-newer')).toBe(false);
    expect(newer.has('from-newer')).toBe(true);
    expect(newer.has('from-older')).toBe(false);
    expect(newer.with('next').has('from-older')).toBe(false);
  });

  test('the empty set holds nothing and is shared', () => {
    expect(FingerprintSet.empty().has('')).toBe(false);
    expect(FingerprintSet.empty().size).toBe(0);
    expect(FingerprintSet.empty()).toBe(FingerprintSet.of([]));
  });
});
