import { RecencyMap } from './recency-map';

describe('RecencyMap (bounded, least recently used first)', () => {
  it('holds at most its capacity and forgets the oldest untouched entry first', () => {
    const map = new RecencyMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    map.set('d', 4);
    expect(map.size).toBe(3);
    expect(map.get('a')).toBeUndefined();
    expect([map.get('b'), map.get('c'), map.get('d')]).toEqual([2, 3, 4]);
  });

  it('keeps an entry read at least once in every run of capacity / 2 writes, however many writes come', () => {
    const map = new RecencyMap<string, number>(100);
    map.set('hot', 0);
    for (let index = 0; index < 10_000; index++) {
      map.set(`cold-${index}`, index);
      if (index % 50 === 49) expect(map.get('hot')).toBe(0);
    }
    expect(map.size).toBe(100);
    expect(map.get('hot')).toBe(0);
    // Without the reads, the same writes push it out.
    const unread = new RecencyMap<string, number>(100);
    unread.set('hot', 0);
    for (let index = 0; index < 10_000; index++) unread.set(`cold-${index}`, index);
    expect(unread.get('hot')).toBeUndefined();
  });

  it('replaces a value, deletes on demand, and stores nothing at capacity 0', () => {
    const map = new RecencyMap<string, number>(2);
    map.set('a', 1);
    map.set('a', 2);
    expect(map.get('a')).toBe(2);
    expect(map.size).toBe(1);
    map.delete('a');
    expect(map.get('a')).toBeUndefined();
    const none = new RecencyMap<string, number>(0);
    none.set('a', 1);
    expect(none.get('a')).toBeUndefined();
    expect(none.size).toBe(0);
  });
});
