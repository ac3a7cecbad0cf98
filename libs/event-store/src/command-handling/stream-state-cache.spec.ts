import { StreamStateCache } from './stream-state-cache';

describe('StreamStateCache', () => {
  const entry = (revision: number) => ({ state: { revision }, revision, position: BigInt(revision + 1) });

  it('evicts the least recently used stream beyond its size', () => {
    const cache = new StreamStateCache<{ revision: number }>(2);
    cache.set('a', entry(0));
    cache.set('b', entry(0));
    cache.get('a');
    cache.set('c', entry(0));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('never replaces a newer state with an older one', () => {
    const cache = new StreamStateCache<{ revision: number }>();
    cache.set('a', entry(5));
    cache.set('a', entry(3));
    expect(cache.get('a')?.revision).toBe(5);
    cache.set('a', entry(6));
    expect(cache.get('a')?.revision).toBe(6);
  });
});
