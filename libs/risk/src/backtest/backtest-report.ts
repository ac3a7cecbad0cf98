import { compareTallies } from './backtest-comparison';
import type { RiskBacktestResult } from './risk-backtest';

export type BacktestReportOptions = Readonly<{
  /** A stable JSON object instead of the table; it always lists every client. */
  json: boolean;
  /** Every client id in the table instead of the first few of each list. */
  allClients: boolean;
}>;

/** Client ids shown per list in the table unless all are asked for. */
const CLIENTS_SHOWN = 5;

/** Rule ids, counts and client ids only: a back-test report never carries personal data. */
export const formatBacktest = (result: RiskBacktestResult, options: BacktestReportOptions): string => {
  const run = result.runs[0];
  if (run === undefined) throw new RangeError('a back-test report needs one run');
  const rows = Object.entries(run.rules);
  if (options.json) {
    return json({
      events: result.events,
      unreadable: result.unreadable,
      sweeps: result.sweeps,
      end: result.end,
      rules: Object.fromEntries(
        rows.map(([ruleId, tally]) => [
          ruleId,
          { raised: tally.raised, escalated: tally.escalated, clients: [...tally.clients] },
        ]),
      ),
    });
  }
  const { lines: table } = alignRows([
    ['rule', 'raised', 'escalated'],
    ...rows.map(([ruleId, tally]) => [ruleId, String(tally.raised), String(tally.escalated)]),
  ]);
  const lines = [summary(result), '', `${table[0] ?? ''}  clients`];
  rows.forEach(([, tally], index) =>
    lines.push(`${table[index + 1] ?? ''}  ${clientList(tally.clients, options.allClients)}`),
  );
  if (rows.length === 0) lines.push('(no alerts)');
  return `${lines.join('\n')}\n`;
};

/** Two rules files side by side: per rule, counts under A, under B and B − A; who only one flags. */
export const formatComparison = (result: RiskBacktestResult, options: BacktestReportOptions): string => {
  const [a, b] = result.runs;
  if (a === undefined || b === undefined || result.runs.length !== 2) {
    throw new RangeError('a comparison needs exactly two runs');
  }
  const rules = compareTallies(a.rules, b.rules);
  if (options.json) {
    return json({
      events: result.events,
      unreadable: result.unreadable,
      sweeps: result.sweeps,
      end: result.end,
      a: a.name,
      b: b.name,
      rules: Object.fromEntries(
        rules.map((rule) => [
          rule.ruleId,
          {
            a: rule.a,
            b: rule.b,
            difference: rule.difference,
            onlyA: [...rule.onlyA],
            onlyB: [...rule.onlyB],
          },
        ]),
      ),
    });
  }
  const measures = ['raised', 'escalated', 'clients'] as const;
  const {
    lines: table,
    starts,
    ends,
  } = alignRows(
    [
      ['rule', ...measures.flatMap(() => ['A', 'B', 'B-A'])],
      ...rules.map((rule) => [
        rule.ruleId,
        ...measures.flatMap((key) => [String(rule.a[key]), String(rule.b[key]), signed(rule.difference[key])]),
      ]),
    ],
    3,
  );
  const lines = [summary(result), `A: ${a.name}`, `B: ${b.name}`, ''];
  if (rules.length === 0) {
    lines.push('(no alerts under either file)');
    return `${lines.join('\n')}\n`;
  }
  lines.push(groupHeader(starts, ends, measures), ...table);
  const differing = rules.filter((rule) => rule.onlyA.length > 0 || rule.onlyB.length > 0);
  lines.push(
    '',
    differing.length === 0 ? 'every rule flags the same clients under both files' : 'flagged under one file only:',
  );
  const width = Math.max(0, ...differing.map((rule) => rule.ruleId.length));
  for (const rule of differing) {
    for (const [side, clients] of [
      ['A', rule.onlyA],
      ['B', rule.onlyB],
    ] as const) {
      if (clients.length === 0) continue;
      lines.push(`${rule.ruleId.padEnd(width)}  only ${side}  ${clientList(clients, options.allClients)}`);
    }
  }
  return `${lines.join('\n')}\n`;
};

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const summary = (result: RiskBacktestResult): string =>
  `${result.events.toLocaleString('en-US')} client events replayed` +
  (result.end === null ? '' : `, swept daily up to ${result.end} (${result.sweeps} sweeps)`) +
  (result.unreadable > 0 ? `, ${result.unreadable} unreadable skipped` : '');

const signed = (value: number): string => (value > 0 ? `+${value}` : String(value));

const clientList = (clients: readonly string[], all: boolean): string => {
  const shown = all ? clients : clients.slice(0, CLIENTS_SHOWN);
  const more = clients.length > shown.length ? ` … and ${clients.length - shown.length} more (--all-clients)` : '';
  return `${clients.length}: ${shown.join(', ')}${more}`;
};

/**
 * Rows as text: the first column left-aligned, the others right-aligned, two spaces apart, four
 * between groups of `group` columns after the first. Answers where each column starts and ends.
 */
const alignRows = (
  rows: readonly (readonly string[])[],
  group = 1,
): { lines: string[]; starts: number[]; ends: number[] } => {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const gap = (column: number): string => (group > 1 && column > 1 && (column - 1) % group === 0 ? '    ' : '  ');
  const starts: number[] = [];
  const ends: number[] = [];
  widths.forEach((width, column) => {
    const start = column === 0 ? 0 : (ends[column - 1] ?? 0) + gap(column).length;
    starts.push(start);
    ends.push(start + width);
  });
  const lines = rows.map((row) =>
    row
      .map((cell, column) => {
        const aligned = column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0);
        return column === 0 ? aligned : `${gap(column)}${aligned}`;
      })
      .join('')
      .trimEnd(),
  );
  return { lines, starts, ends };
};

/** Each measure's name centred over its A / B / B-A columns (the rule column, then three per measure). */
const groupHeader = (starts: readonly number[], ends: readonly number[], measures: readonly string[]): string => {
  let line = '';
  measures.forEach((measure, group) => {
    const start = starts[1 + group * 3] ?? 0;
    const span = (ends[3 + group * 3] ?? 0) - start;
    line = `${line.padEnd(start + Math.max(0, Math.floor((span - measure.length) / 2)))}${measure}`;
  });
  return line;
};
