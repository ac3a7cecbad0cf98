/**
 * Rewrites portable `?` placeholders as PostgreSQL's `$1, $2, …`, leaving `?` inside quoted
 * strings, quoted identifiers and comments alone. Portable SQL therefore cannot use the jsonb `?`
 * operators (write `jsonb_exists(…)`) nor dollar-quoted bodies.
 */
export const toNumberedPlaceholders = (sql: string): string => {
  let out = '';
  let count = 0;
  let index = 0;
  while (index < sql.length) {
    const char = sql[index];
    const skipTo = skipQuotedOrComment(sql, index);
    if (skipTo > index) {
      out += sql.slice(index, skipTo);
      index = skipTo;
    } else if (char === '?') {
      count += 1;
      out += `$${count}`;
      index += 1;
    } else {
      out += char;
      index += 1;
    }
  }
  return out;
};

/** End of the literal, identifier or comment starting at `index`; `index` itself when none does. */
const skipQuotedOrComment = (sql: string, index: number): number => {
  const char = sql[index];
  if (char === "'" || char === '"') {
    // A doubled quote is an escaped one, which this loop passes over as close-then-reopen.
    const close = sql.indexOf(char, index + 1);
    return close === -1 ? sql.length : close + 1;
  }
  if (char === '-' && sql[index + 1] === '-') {
    const end = sql.indexOf('\n', index);
    return end === -1 ? sql.length : end + 1;
  }
  if (char === '/' && sql[index + 1] === '*') {
    const end = sql.indexOf('*/', index + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return index;
};
