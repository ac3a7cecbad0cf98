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

/** The API's measured time is cut into this many slices, with a bare slice before each and after the last. */
const SLICES = 5;

const rateOf = (run: ClosedLoopResult) => run.ok / run.seconds;
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

const combine = (runs: readonly ClosedLoopResult[]): ClosedLoopResult => {
  const statuses: Record<string, number> = {};
  for (const run of runs)
    for (const [key, count] of Object.entries(run.statuses)) statuses[key] = (statuses[key] ?? 0) + count;
  const latencies = new Float64Array(runs.reduce((sum, run) => sum + run.latencies.length, 0));
  let at = 0;
  for (const run of runs) {
    latencies.set(run.latencies, at);
    at += run.latencies.length;
  }
  return {
    latencies,
    ok: runs.reduce((sum, run) => sum + run.ok, 0),
    seconds: runs.reduce((sum, run) => sum + run.seconds, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    statuses,
  };
};

/**
 * A closed-loop case against the API, interleaved with the bare server under the same request
 * shape and connections (so the generator's own cost is the same on both sides): bare, API, bare,
 * … bare, in short slices, so a burst of other work on the shared machine falls on both alike.
 * Both are recorded, the API's row with its ratio to bare (all slices; the median and range of
 * the per-slice ratios beside it). A first request that fails stops the bench with its answer,
 * rather than measuring errors.
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

  const label = `${BENCH}: ${item.name} (and bare node:http, interleaved)`;
  report.progress(label, 0, SLICES);
  await closedLoop(bare.base, item.connections, BARE_WARM_UP_SECONDS, item.next);
  await closedLoop(api, item.connections, settings.warmUpSeconds, item.next);
  const bareSlice = () => closedLoop(bare.base, item.connections, settings.bareSeconds / (SLICES + 1), item.next);
  const bareRuns = [await bareSlice()];
  const apiRuns: ClosedLoopResult[] = [];
  item.onMeasure?.('start');
  for (let slice = 0; slice < SLICES; slice++) {
    apiRuns.push(await closedLoop(api, item.connections, settings.seconds / SLICES, item.next));
    bareRuns.push(await bareSlice());
    report.progress(label, slice + 1, SLICES);
  }
  const measuredNote = item.onMeasure?.('end');
  const backlog = await auditBacklog(api);
  const [apiRun, bareRun] = [combine(apiRuns), combine(bareRuns)];
  if (apiRun.ok === 0) throw new Error(`${item.name}: no request succeeded: ${JSON.stringify(apiRun.statuses)}`);
  const ratio = rateOf(apiRun) / rateOf(bareRun);
  const sliceRatios = apiRuns
    .map((run, slice) => rateOf(run) / ((rateOf(bareRuns[slice]) + rateOf(bareRuns[slice + 1])) / 2))
    .sort((x, y) => x - y);

  report.record({
    bench: BENCH,
    name: `bare node:http, ${item.connections} connections (interleaved with the next row)`,
    store: '—',
    operations: bareRun.ok,
    unit: 'requests',
    seconds: bareRun.seconds,
    perSecond: rateOf(bareRun),
    latency: summariseLatency(bareRun.latencies),
    notes: `same request shape as "${item.name}", fixed JSON body of ${bare.bodyBytes.toLocaleString('en-US')} bytes (a client view of median size); ${SLICES + 1} slices of ${(settings.bareSeconds / (SLICES + 1)).toFixed(2)} s around the API's; ${bareRun.errors} errors`,
  });
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
    notes: `${percent(ratio)} of bare (${formatRate(rateOf(bareRun))}/s interleaved; per slice median ${percent(sliceRatios[Math.floor(SLICES / 2)])}, ${percent(sliceRatios[0])}–${percent(sliceRatios[SLICES - 1])})${targetNote}; closed loop, ${item.connections} connections, ${settings.seconds} s in ${SLICES} slices after ${settings.warmUpSeconds} s warm-up; ${apiRun.errors} errors ${JSON.stringify(apiRun.statuses)}${item.notes ? `; ${item.notes}` : ''}${measuredNote ? `; ${measuredNote}` : ''}; read-audit backlog ${backlog.toLocaleString('en-US')} entries at the end${drained >= 1 ? ` (${drained.toFixed(0)} s waited for it to drain before this case)` : ''}`,
  });
  process.stderr.write(
    `    = ${percent(ratio)} of bare node:http (${formatRate(rateOf(bareRun))}/s; per slice ${percent(sliceRatios[0])}–${percent(sliceRatios[SLICES - 1])})\n`,
  );
  return { api: apiRun, bare: bareRun, ratio };
}
