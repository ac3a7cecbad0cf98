import { randomBytes } from 'node:crypto';
import { beyondIndexedPrefix, queryTermOf, SEARCH_PREFIX_LENGTH, searchable, searchTermsOf } from './search-terms';

describe('search terms (the blind index)', () => {
  const key = randomBytes(32);

  it("holds one term per prefix, and a query's term is the prefix's, ignoring case", () => {
    const terms = searchTermsOf(key, 'name', 'Anhui Grain');
    expect(terms).toHaveLength('Anhui Grain'.length);
    expect(terms).toContain(queryTermOf(key, 'name', 'a'));
    expect(terms).toContain(queryTermOf(key, 'name', 'ANHUI g'));
    expect(terms).toContain(queryTermOf(key, 'name', 'anhui grain'));
    expect(terms).not.toContain(queryTermOf(key, 'name', 'grain'));
    expect(terms).not.toContain(queryTermOf(key, 'name', 'anhui grains'));
  });

  it('never shares a term between fields, keys or versions of the key', () => {
    expect(queryTermOf(key, 'name', '9131')).not.toBe(queryTermOf(key, 'registration', '9131'));
    expect(queryTermOf(key, 'name', 'anhui')).not.toBe(queryTermOf(randomBytes(32), 'name', 'anhui'));
    // Opaque: neither the prefix nor its length shows.
    expect(queryTermOf(key, 'name', 'anhui')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('indexes characters, not UTF-16 units, up to SEARCH_PREFIX_LENGTH of them', () => {
    expect(searchTermsOf(key, 'name', '安徽粮油𠀀')).toHaveLength(5);
    const long = 'x'.repeat(SEARCH_PREFIX_LENGTH + 8);
    expect(searchTermsOf(key, 'name', long)).toHaveLength(SEARCH_PREFIX_LENGTH);
    expect(queryTermOf(key, 'name', long)).toBe(queryTermOf(key, 'name', 'x'.repeat(SEARCH_PREFIX_LENGTH)));
    expect(beyondIndexedPrefix(long)).toBe(true);
    expect(beyondIndexedPrefix('x'.repeat(SEARCH_PREFIX_LENGTH))).toBe(false);
  });

  it('indexes nothing of an erased, empty or missing value', () => {
    expect([searchable('[erased]'), searchable(''), searchable(null), searchable('Anhui')]).toEqual([
      null,
      null,
      null,
      'Anhui',
    ]);
  });
});
