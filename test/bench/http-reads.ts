import { Agent } from 'node:http';
import { mulberry32 } from '../../libs/testing/src/realistic-client-data';
import { call, rssMiB, waitForAuditDrain, type ApiProcess, type Base } from './api-process';
import type { RequestShape } from './closed-loop';
import { BENCH, measureAgainstBare, type ThroughputCase } from './http-against-bare';
import type { Book } from './http-book';
import type { HttpBenchSettings } from './http-settings';
import type { BareServer } from './bare-http-server';
import { openLoop, type OpenLoopResult } from './open-loop';
import { summariseLatency, type BenchReport } from './report';

const PACED_RATE = 1_000;
/** Sockets the paced generator may open; requests beyond them queue in the agent (and that wait counts). */
const PACED_SOCKETS = 32;

export type ReadContext = Readonly<{
  report: BenchReport;
  settings: HttpBenchSettings;
  bare: BareServer;
  book: Book;
  token: string;
}>;

/** Monotonic microseconds, the clock a V8 CPU profile's timestamps are on (Linux). */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

const get = (path: string, token: string): RequestShape => ({
  method: 'GET',
  path,
  headers: { authorization: `Bearer ${token}` },
});

/**
 * A client view of median size among a few, for the bare server to answer with: the baseline
 * sends as many bytes per answer as the API does.
 */
export async function clientViewBody(base: Base, token: string, book: Book): Promise<string> {
  const random = mulberry32(7);
  const bodies: string[] = [];
  for (let i = 0; i < 25; i++) {
    const clientId = book.clientIds[Math.floor(random() * book.clientIds.length)];
    const answer = await call(undefined, base, 'GET', `/v1/clients/${clientId}`, token);
    if (answer.status !== 200) throw new Error(`client view: ${answer.status} ${answer.body.slice(0, 300)}`);
    bodies.push(answer.body);
  }
  bodies.sort((a, b) => a.length - b.length);
  return bodies[Math.floor(bodies.length / 2)];
}

/**
 * The read cases on the realistic book: the client view at 50 connections (with the API's RSS
 * after it), at a paced 1,000/s, and at 50 connections again with most of the book read, then
 * portfolio, search (a first word and two letters, then two letters alone), timeline and branch
 * dashboard. Returns the measurement window (monotonic µs) of the first case whose name holds
 * BENCH_HTTP_CPU_PROF_CASE, the client view's first pass by default, which a CPU profile is cut
 * to; its name is empty when no case matched.
 */
export async function readCases(context: ReadContext, api: ApiProcess): Promise<ProfileWindow> {
  const { report, settings, bare, book, token } = context;
  const random = mulberry32(2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const store = `sqlite, ${book.clientIds.length.toLocaleString('en-US')} clients`;

  // From the chosen case's first measured slice to its last (BENCH_HTTP_CPU_PROF_CASE): warm-up,
  // set-up and the other cases are left out of the profile; the bare slices between are idle time
  // for the API, which the summary leaves out.
  let window: ProfileWindow = { name: '', fromUs: 0, toUs: 0 };
  const profiled = (name: string): boolean => name.includes(settings.cpuProfileCase);
  const clientView: ThroughputCase = {
    name: 'GET /v1/clients/:id (client view), 50 connections',
    store,
    unit: 'views',
    connections: 50,
    next: () => get(`/v1/clients/${pick(book.clientIds)}`, token),
    target: { shareOfBare: 0.25 },
  };
  await measureAgainstBare(report, settings, bare, api.base, {
    ...clientView,
    onMeasure: (phase) => {
      if (profiled(clientView.name)) window = windowAt(window, clientView.name, phase);
      if (phase === 'start') return undefined;
      const rss = rssMiB(api.child.pid);
      process.stderr.write(`    API RSS right after: ${rss === null ? 'unknown' : `${rss.toFixed(0)} MiB`}\n`);
      return `API RSS right after: ${rss === null ? 'unknown' : `${rss.toFixed(0)} MiB`} (VmRSS)`;
    },
  });

  await pacedClientView(context, api.base, {
    name: `GET /v1/clients/:id (client view) @ ${PACED_RATE}/s`,
    warmUpMs: settings.warmUpSeconds * 1000,
    measureMs: settings.seconds * 1000,
    p99TargetMs: 15,
    why: 'the issue: p99 ≤ 15 ms at a paced 1,000/s',
  });

  const cases: ThroughputCase[] = [
    {
      // The same load once the two cases above have read most of the book: the caches a first read
      // of each client fills (its data key, its opened fields) now answer most reads, as they do
      // for a process that has been serving for a while. The case above is the first pass.
      ...clientView,
      name: 'GET /v1/clients/:id (client view), 50 connections, book read once',
      notes: 'after the two cases above: most clients read before (warm caches)',
    },
    {
      name: 'GET /v1/managers/:id/portfolio, 16 connections',
      store,
      unit: 'portfolios',
      connections: 16,
      next: () => get(`/v1/managers/${pick(book.managerIds)}/portfolio`, token),
    },
    {
      name: 'GET /v1/clients?q= (search by name prefix), 16 connections',
      store,
      unit: 'searches',
      connections: 16,
      next: () => get(`/v1/clients?q=${encodeURIComponent(pick(book.namePrefixes))}`, token),
    },
    {
      // What a search box sends after two keystrokes: a common prefix, matched by hundreds of clients.
      name: 'GET /v1/clients?q= (search by a two-letter prefix), 16 connections',
      store,
      unit: 'searches',
      connections: 16,
      next: () => get(`/v1/clients?q=${encodeURIComponent(pick(book.namePrefixes).slice(0, 2))}`, token),
    },
    {
      name: 'GET /v1/clients/:id/timeline, 16 connections',
      store,
      unit: 'pages',
      connections: 16,
      next: () => get(`/v1/clients/${pick(book.clientIds)}/timeline`, token),
    },
    {
      // 10 connections: at the issue's 200/s, p99 ≤ 50 ms means about 10 requests in flight (Little's law).
      name: 'GET /v1/branches/:id/dashboard, 10 connections',
      store,
      unit: 'dashboards',
      connections: 10,
      next: () => get(`/v1/branches/${pick(book.branchIds)}/dashboard`, token),
      target: { perSecond: 200 },
      notes: `${book.branchIds.length} branches of ~${Math.round(book.clientIds.length / book.branchIds.length).toLocaleString('en-US')} clients; the issue: ≥ 200/s with p99 ≤ 50 ms`,
    },
  ];
  for (const item of cases) {
    const onMeasure = (phase: 'start' | 'end'): undefined => {
      window = windowAt(window, item.name, phase);
    };
    await measureAgainstBare(report, settings, bare, api.base, profiled(item.name) ? { ...item, onMeasure } : item);
  }
  return window;
}

/** The stretch of the API's run a CPU profile is summarised over, on the profile's own clock. */
export type ProfileWindow = Readonly<{ name: string; fromUs: number; toUs: number }>;

/** The window of the first case measured under that name; later cases leave it as it is. */
const windowAt = (window: ProfileWindow, name: string, phase: 'start' | 'end'): ProfileWindow => {
  if (window.name === '') return phase === 'start' ? { name, fromUs: monotonicUs(), toUs: 0 } : window;
  return window.name === name && phase === 'end' ? { ...window, toUs: monotonicUs() } : window;
};

export type PacedCase = Readonly<{
  name: string;
  warmUpMs: number;
  measureMs: number;
  p99TargetMs: number;
  why: string;
  /** Reported as extra notes, e.g. p99 per 10 s after a restart. */
  detail?: (run: OpenLoopResult) => string;
}>;

/** The client view at a paced 1,000/s, open loop (coordinated omission avoided; see open-loop.ts). */
export async function pacedClientView(context: ReadContext, base: Base, item: PacedCase): Promise<OpenLoopResult> {
  const { report, book, token } = context;
  await waitForAuditDrain(base);
  const random = mulberry32(1_000);
  const agent = new Agent({ keepAlive: true, maxSockets: PACED_SOCKETS, maxFreeSockets: PACED_SOCKETS });
  try {
    const run = await openLoop({
      agent,
      base,
      rate: PACED_RATE,
      warmUpMs: item.warmUpMs,
      measureMs: item.measureMs,
      next: () => ({
        method: 'GET',
        path: `/v1/clients/${book.clientIds[Math.floor(random() * book.clientIds.length)]}`,
        headers: { authorization: `Bearer ${token}` },
      }),
      label: `${BENCH}: ${item.name}`,
      report,
    });
    const latency = summariseLatency(run.latencies);
    report.record({
      bench: BENCH,
      name: item.name,
      store: `sqlite, ${book.clientIds.length.toLocaleString('en-US')} clients`,
      operations: run.latencies.length,
      unit: 'views',
      seconds: run.seconds,
      perSecond: run.latencies.length / run.seconds,
      latency,
      // The table's rate column: served at least 99 % of the offered rate (p99 verdict in the notes).
      target: PACED_RATE * 0.99,
      notes: `open loop ${PACED_RATE}/s for ${item.measureMs / 1000} s after ${item.warmUpMs / 1000} s warm-up, latency from when each request was due, ${PACED_SOCKETS} sockets; p99 target ≤ ${item.p99TargetMs} ms: ${latency.p99Ms <= item.p99TargetMs ? 'met' : 'NOT met'} (${item.why}); ${run.errors} errors ${JSON.stringify(run.statuses)}${item.detail ? `; ${item.detail(run)}` : ''}`,
    });
    process.stderr.write(`    p50 ${latency.p50Ms.toFixed(1)} ms, p99 ${latency.p99Ms.toFixed(1)} ms\n`);
    return run;
  } finally {
    agent.destroy();
  }
}

/** p99 of each `windowMs` slice of a paced run: how a cold start settles. */
export const p99BySlice = (run: OpenLoopResult, windowMs: number): string => {
  const slices: number[][] = [];
  run.dueAt.forEach((due, index) => {
    const slice = Math.floor(due / windowMs);
    (slices[slice] ??= []).push(run.latencies[index]);
  });
  return `p99 per ${windowMs / 1000} s: ${slices.map((slice) => `${summariseLatency(slice).p99Ms.toFixed(1)}`).join(' / ')} ms`;
};
