import { toNumberedPlaceholders } from './postgres.placeholders';

describe('toNumberedPlaceholders', () => {
  it('numbers placeholders in order', () => {
    expect(toNumberedPlaceholders('SELECT a FROM t WHERE b = ? AND c < CAST(? AS BIGINT) LIMIT ?')).toBe(
      'SELECT a FROM t WHERE b = $1 AND c < CAST($2 AS BIGINT) LIMIT $3',
    );
  });

  it('leaves question marks in literals, quoted identifiers and comments alone', () => {
    expect(
      toNumberedPlaceholders(`SELECT 'why?', 'it''s ?', "odd?col" FROM t -- what?\nWHERE a = ? /* b = ? */ AND c = ?`),
    ).toBe(`SELECT 'why?', 'it''s ?', "odd?col" FROM t -- what?\nWHERE a = $1 /* b = ? */ AND c = $2`);
  });
});
