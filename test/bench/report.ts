import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type LatencySummary = Readonly<{ p50Ms: number; p99Ms: number; maxMs: number }>;

export type BenchResult = Readonly<{
  /** Which bench produced it, e.g. "command-handling". */
  bench: string;
  /** The case within the bench, e.g. "sequential". */
  name: string;
  store: string;
  operations: number;
  /** What one operation is: "commands", "events", "appends". */
  unit: string;
  seconds: number;
  perSecond: number;
  latency?: LatencySummary;
  /** Minimum acceptable rate, when the design sets one (the most acceptable amount, with `ceiling`). */
  target?: number;
  /** The figure is an amount that must stay below `target` (memory), not a rate: `perSecond` holds it. */
  ceiling?: boolean;
  notes?: string;
}>;

/** What a bench gets to report with; run.ts prints the table and writes the JSON. */
export interface BenchReport {
  record(result: BenchResult): void;
  /** Progress of a long case; shown on stderr, overwritten in place. */
  progress(label: string, done: number, total: number): void;
}

export type Bench = (report: BenchReport) => Promise<void>;

/** Collects results, shows progress at most a few times a second. */
export class ConsoleBenchReport implements BenchReport {
  readonly results: BenchResult[] = [];
  private lastProgressAt = 0;

  record(result: BenchResult): void {
    this.clearProgress();
    this.results.push(result);
    const target = result.target === undefined ? '' : ` (target ${targetOf(result)})`;
    process.stderr.write(`  ${result.bench} / ${result.name}: ${figureOf(result)}${target}\n`);
  }

  progress(label: string, done: number, total: number): void {
    const now = Date.now();
    if (done < total && now - this.lastProgressAt < 250) return;
    this.lastProgressAt = now;
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const line = `  ${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${percent}%)`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
    else if (done === total || percent % 25 === 0) process.stderr.write(`${line}\n`);
  }

  table(): string {
    const header = ['bench', 'case', 'store', 'ops', 'ops/s', 'p50 ms', 'p99 ms', 'max ms', 'target', 'ok'];
    const rows = this.results.map((result) => [
      result.bench,
      result.name,
      result.store,
      result.operations.toLocaleString('en-US'),
      figureOf(result),
      result.latency ? result.latency.p50Ms.toFixed(3) : '',
      result.latency ? result.latency.p99Ms.toFixed(3) : '',
      result.latency ? result.latency.maxMs.toFixed(1) : '',
      result.target === undefined ? '' : targetOf(result),
      result.target === undefined ? '' : meetsTarget(result, result.target) ? 'yes' : 'NO',
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
    const line = (cells: string[]) =>
      cells
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd();
    return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
  }

  writeJson(path: string, machine: Readonly<Record<string, unknown>>): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify({ machine, results: this.results }, null, 2)}\n`);
  }

  private clearProgress(): void {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  }
}

const figureOf = (result: BenchResult): string =>
  `${formatRate(result.perSecond)} ${result.unit}${result.ceiling === true ? '' : '/s'}`;
const targetOf = (result: BenchResult): string =>
  `${result.ceiling === true ? '<' : '≥'} ${formatRate(result.target ?? 0)}`;
const meetsTarget = (result: BenchResult, target: number): boolean =>
  result.ceiling === true ? result.perSecond < target : result.perSecond >= target;

export const formatRate = (perSecond: number): string => Math.round(perSecond).toLocaleString('en-US');

/** Nearest-rank percentiles over latencies in milliseconds. */
export const summariseLatency = (latenciesMs: Float64Array | number[]): LatencySummary => {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
  return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1] ?? 0 };
};
