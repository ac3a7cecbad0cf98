import { auditBacklog, exchange, waitForAuditDrain, type Base } from './api-process';
import type { BareServer } from './bare-http-server';
import { closedLoop, type ClosedLoopResult, type RequestShape } from './closed-loop';
import type { HttpBenchSettings } from './http-settings';
import { formatRate, summariseLatency, type BenchReport } from './report';

export const BENCH = 'http';
const BARE_WARM_UP_SECONDS = 1;

export type ThroughputCase = Readonly<{
  name: string;
  store: string;
  /** What one answer is: "views", "commands", … */
  unit: string;
  connections: number;
  next: () => RequestShape;
  /** The issue's floor: a rate, or a share of the bare server's rate in the same run. */
  target?: Readonly<{ perSecond: number } | { shareOfBare: number }>;
  notes?: string;
  /**
   * Told when the API's measured run starts and ends (a CPU profile is cut to that window); what
   * it returns at the end goes into the notes (the API's RSS right then).
   */
  onMeasure?: (phase: 'start' | 'end') => string | undefined;
}>;

export type Measured = Readonly<{ api: ClosedLoopResult; bare: ClosedLoopResult; ratio: number }>;

const rateOf = (run: ClosedLoopResult) => run.ok / run.seconds;
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

/**
 * A closed-loop case against the API, right after the bare server under the same request shape
 * and connections (so the generator's own cost is the same on both sides): both are recorded, the
 * API's row with its ratio to bare in its notes. A first request that fails stops the bench with
 * its answer, rather than measuring errors.
 */
export async function measureAgainstBare(
  report: BenchReport,
  settings: HttpBenchSettings,
  bare: BareServer,
  api: Base,
  item: ThroughputCase,
): Promise<Measured> {
  const drained = await waitForAuditDrain(api);
  const answer = await exchange(undefined, api, item.next(), 30_000);
  if (answer.status < 200 || answer.status >= 300)
    throw new Error(`${item.name}: the first request answered ${answer.status}: ${answer.body.slice(0, 300)}`);

  const label = `${BENCH}: ${item.name}`;
  report.progress(`${label} — bare node:http`, 0, 1);
  await closedLoop(bare.base, item.connections, BARE_WARM_UP_SECONDS, item.next);
  const bareRun = await closedLoop(bare.base, item.connections, settings.bareSeconds, item.next);
  report.record({
    bench: BENCH,
    name: `bare node:http, ${item.connections} connections (baseline of the next row)`,
    store: '—',
    operations: bareRun.ok,
    unit: 'requests',
    seconds: bareRun.seconds,
    perSecond: rateOf(bareRun),
    latency: summariseLatency(bareRun.latencies),
    notes: `same request shape as "${item.name}", fixed JSON body of a client view's size; ${bareRun.errors} errors`,
  });

  report.progress(label, 0, 1);
  await closedLoop(api, item.connections, settings.warmUpSeconds, item.next);
  item.onMeasure?.('start');
  const apiRun = await closedLoop(api, item.connections, settings.seconds, item.next);
  const measuredNote = item.onMeasure?.('end');
  const backlog = await auditBacklog(api);
  report.progress(label, 1, 1);
  if (apiRun.ok === 0) throw new Error(`${item.name}: no request succeeded: ${JSON.stringify(apiRun.statuses)}`);
  const ratio = rateOf(apiRun) / rateOf(bareRun);
  const target =
    item.target === undefined
      ? undefined
      : 'perSecond' in item.target
        ? item.target.perSecond
        : item.target.shareOfBare * rateOf(bareRun);
  const targetNote =
    item.target !== undefined && 'shareOfBare' in item.target
      ? `; target ≥ ${percent(item.target.shareOfBare)} of bare`
      : '';
  report.record({
    bench: BENCH,
    name: item.name,
    store: item.store,
    operations: apiRun.ok,
    unit: item.unit,
    seconds: apiRun.seconds,
    perSecond: rateOf(apiRun),
    latency: summariseLatency(apiRun.latencies),
    ...(target === undefined ? {} : { target }),
    notes: `${percent(ratio)} of bare (${formatRate(rateOf(bareRun))}/s just before)${targetNote}; closed loop, ${item.connections} connections, ${settings.seconds} s after ${settings.warmUpSeconds} s warm-up; ${apiRun.errors} errors ${JSON.stringify(apiRun.statuses)}${item.notes ? `; ${item.notes}` : ''}${measuredNote ? `; ${measuredNote}` : ''}; read-audit backlog ${backlog.toLocaleString('en-US')} entries at the end${drained >= 1 ? ` (${drained.toFixed(0)} s waited for it to drain before this case)` : ''}`,
  });
  process.stderr.write(`    = ${percent(ratio)} of bare node:http (${formatRate(rateOf(bareRun))}/s)\n`);
  return { api: apiRun, bare: bareRun, ratio };
}
