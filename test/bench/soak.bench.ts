import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../../libs/testing/src/realistic-client-data';
import {
  call,
  cleanUpOnInterrupt,
  devToken,
  send,
  startApi,
  waitForReady,
  type ApiProcess,
  type Base,
} from './api-process';
import type { RequestShape } from './closed-loop';
import { BENCH_MANAGER, contactBody, registerClients } from './http-writes';
import { npmStartLaunch } from './npm-start-launch';
import { openLoop } from './open-loop';
import { summariseLatency, type BenchReport } from './report';

const BENCH = 'soak';
/** Issue 14: RSS flat within 10 % (max / min) over the last half of the run. */
const FLAT_RATIO = 1.1;
const MIB = 1024 * 1024;
/** Sockets of the generator: enough for the planned rate at a few ms per command, bounded so a stall queues. */
const SOCKETS = 32;

/** Every figure can be changed by an environment variable; docs/benchmarks.md lists them. */
type SoakSettings = Readonly<{
  /** BENCH_SOAK_MINUTES (20): how long the steady load lasts. */
  minutes: number;
  /** BENCH_SOAK_EVENTS (1,000,000): commands sent over that time, each one event, at an even pace. */
  events: number;
  /** BENCH_SOAK_CLIENTS (2,000): converted clients, each with a facility, the commands are spread over. */
  clients: number;
  /** BENCH_SOAK_SAMPLE_SECONDS (10): how often the API's RSS and heap are sampled. */
  sampleSeconds: number;
  /** BENCH_SOAK_DIR (the temp folder): where the SQLite files go. */
  dir: string | null;
  /** BENCH_API_NODE_FLAGS: by default those of `npm start` (add --heapsnapshot-signal=SIGUSR2 to profile). */
  nodeFlags: readonly string[];
}>;

const readSettings = (): SoakSettings => ({
  minutes: Number(process.env.BENCH_SOAK_MINUTES || 20),
  events: Math.round(Number(process.env.BENCH_SOAK_EVENTS || 1_000_000)),
  clients: Math.round(Number(process.env.BENCH_SOAK_CLIENTS || 2_000)),
  sampleSeconds: Number(process.env.BENCH_SOAK_SAMPLE_SECONDS || 10),
  dir: process.env.BENCH_SOAK_DIR || null,
  nodeFlags: process.env.BENCH_API_NODE_FLAGS?.split(' ').filter(Boolean) ?? npmStartLaunch().nodeFlags,
});

/** One sample of the API's memory, in MiB, `seconds` after the load began. */
type SoakSample = Readonly<{
  seconds: number;
  sent: number;
  /** Answered 2xx so far; sent − answered − dropped is what waits for an answer (or failed). */
  answered: number;
  /** Not sent because too many waited already (the open loop's bound). */
  dropped: number;
  rss: number;
  /** CPU time the API process has used so far (every thread: user + system), in seconds. */
  cpuSeconds: number;
  heapUsed: number;
  external: number;
  load1: number;
}>;

/** max / min of the RSS samples taken in the last half of the run (the flatness measure). */
const lastHalfRssRatio = (samples: readonly SoakSample[], seconds: number): number => {
  const lastHalf = samples.filter((sample) => sample.seconds >= seconds / 2).map((sample) => sample.rss);
  return lastHalf.length === 0 ? NaN : Math.max(...lastHalf) / Math.min(...lastHalf);
};

/**
 * Issue 14's soak: the API as `npm start` runs it (embedded SQLite, every worker in-process, rate
 * limit off) takes a steady, paced stream of writes through HTTP — mostly contacts, some
 * utilisation, rating and past-due reports so the risk monitor raises alerts and the projector
 * follows — for a long time, while its RSS (/proc VmRSS) and heap (/metrics) are sampled. The
 * verdict is the issue's: RSS max / min over the last half ≤ 1.10. The series goes to
 * dist/bench/soak-series.json and to stdout as a Markdown table.
 */
export async function soakBench(report: BenchReport): Promise<void> {
  const settings = readSettings();
  if (settings.dir !== null) mkdirSync(settings.dir, { recursive: true });
  const dir = mkdtempSync(join(settings.dir ?? tmpdir(), 'crm-bench-soak-'));
  let api: ApiProcess | null = null;
  const uninstall = cleanUpOnInterrupt(() => api, dir);
  const agent = new Agent({ keepAlive: true, maxSockets: SOCKETS });
  try {
    api = await startApi({ SQLITE_PATH: join(dir, 'crm.sqlite'), LOG_LEVEL: 'info' }, settings.nodeFlags);
    await waitForReady(api);
    const token = await devToken(api.base);
    await send(api.base, token, 'POST', '/v1/managers', BENCH_MANAGER);
    const clients = await registerClients(api.base, token, settings.clients, 'soak', (clientId) =>
      send(api!.base, token, 'PUT', `/v1/clients/${clientId}/facilities/F-1`, {
        limit: '1000000.00',
        currency: 'CNY',
      }),
    );

    const pid = api.child.pid;
    const samples: SoakSample[] = [];
    let sent = 0;
    let answered = 0;
    let dropped = 0;
    const tally = (outcome: string) => {
      if (outcome === 'dropped') dropped += 1;
      else if (outcome.startsWith('2')) answered += 1;
    };
    const counting: BenchReport = {
      record: (result) => report.record(result),
      progress: (label, done, total) => {
        sent = done;
        report.progress(label, done, total);
      },
    };
    const measureMs = settings.minutes * 60_000;
    const rate = settings.events / (measureMs / 1000);
    const started = performance.now();
    const sample = async () => {
      const seconds = (performance.now() - started) / 1000;
      const rss = rssOf(pid);
      const cpuSeconds = cpuSecondsOf(pid);
      const heap = await heapOf(api!.base).catch(() => null);
      samples.push({
        seconds,
        sent,
        answered,
        dropped,
        rss,
        cpuSeconds,
        heapUsed: heap?.heapUsed ?? NaN,
        external: heap?.external ?? NaN,
        load1: loadavg()[0],
      });
      process.stderr.write(`  ${BENCH}: ${describe(samples.at(-1)!)}\n`);
    };
    await sample();
    const sampler = setInterval(() => void sample(), settings.sampleSeconds * 1000);
    const result = await openLoop({
      agent,
      base: api.base,
      rate,
      warmUpMs: 0,
      measureMs,
      next: commandMix(token, clients),
      label: `${BENCH}: commands at ${Math.round(rate)}/s`,
      report: counting,
      onOutcome: tally,
    }).finally(() => clearInterval(sampler));
    await sample();

    const ratio = lastHalfRssRatio(samples, measureMs / 1000);
    const latency = summariseLatency(result.latencies);
    const loads = samples.map((s) => s.load1);
    const machine = `load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the run`;
    report.record({
      bench: BENCH,
      name: `commands paced at ${Math.round(rate)}/s for ${settings.minutes} min over ${clients.length} clients`,
      store: 'sqlite (durable)',
      operations: result.latencies.length,
      unit: 'commands',
      seconds: result.seconds,
      perSecond: result.latencies.length / result.seconds,
      latency,
      target: rate * 0.99,
      notes: `${result.errors} errors (${JSON.stringify(result.statuses)}); ${machine}`,
    });
    const first = samples[0];
    const last = samples.at(-1)!;
    // CPU per answered command: unlike the pace, it does not hide behind a machine with room to
    // spare, nor blame the tree for a machine that has none (the pace is lost once this × rate ≥ 1 s).
    const cpuMicros = ((last.cpuSeconds - first.cpuSeconds) * 1e6) / Math.max(1, last.answered);
    report.record({
      bench: BENCH,
      name: 'API CPU time per answered command (all threads)',
      store: 'sqlite (durable)',
      operations: last.answered,
      unit: 'µs',
      seconds: result.seconds,
      perSecond: cpuMicros,
      ceiling: true,
      notes: `${(last.cpuSeconds - first.cpuSeconds).toFixed(1)} CPU s for ${last.answered.toLocaleString('en-US')} commands over ${result.seconds.toFixed(0)} s; ${((cpuMicros * rate) / 1e6).toFixed(2)} cores at the planned rate`,
    });
    report.record({
      bench: BENCH,
      name: 'API RSS growth over the last half (max / min − 1)',
      store: 'sqlite (durable)',
      operations: samples.length,
      unit: '%',
      seconds: result.seconds,
      perSecond: (ratio - 1) * 100,
      target: (FLAT_RATIO - 1) * 100,
      ceiling: true,
      notes: `ratio ${ratio.toFixed(3)}; RSS ${first.rss.toFixed(0)} MiB at start, ${last.rss.toFixed(0)} MiB at the end; heap used ${first.heapUsed.toFixed(0)} → ${last.heapUsed.toFixed(0)} MiB; node ${settings.nodeFlags.join(' ')}`,
    });
    process.stderr.write(`  ${BENCH}: RSS max/min over the last half ${ratio.toFixed(3)} (flat if ≤ ${FLAT_RATIO})\n`);
    writeSeries(samples);
  } finally {
    agent.destroy();
    await api?.stop();
    uninstall();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The write mix: 85 % contacts, 10 % utilisation reports, 4 % rating changes, 1 % past-due reports
 * (the last three feed the risk monitor, which raises alerts). Each with a fresh Idempotency-Key,
 * as a careful client sends, so the idempotency store grows as it does in production.
 */
const commandMix = (token: string, clients: readonly string[]): (() => RequestShape) => {
  const random = mulberry32(14);
  const runId = `${process.pid}-${Date.now()}`;
  const ratings = ['AAA', 'AA', 'A', 'BBB', 'BB', 'B'];
  let n = 0;
  const contact = contactBody();
  return () => {
    const clientId = clients[Math.floor(random() * clients.length)];
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': `soak-${runId}-${++n}`,
    };
    const pick = random();
    if (pick < 0.85) return { method: 'POST', path: `/v1/clients/${clientId}/contacts`, headers, body: contact };
    if (pick < 0.95) {
      const drawn = `${Math.floor(random() * 1_000_000)}.00`;
      return {
        method: 'POST',
        path: `/v1/clients/${clientId}/facilities/F-1/utilisation`,
        headers,
        body: JSON.stringify({ drawn }),
      };
    }
    if (pick < 0.99) {
      const rating = ratings[Math.floor(random() * ratings.length)];
      return {
        method: 'PUT',
        path: `/v1/clients/${clientId}/credit-rating`,
        headers,
        body: JSON.stringify({ rating, reason: 'Annual review' }),
      };
    }
    return {
      method: 'POST',
      path: `/v1/clients/${clientId}/facilities/F-1/past-due`,
      headers,
      body: JSON.stringify({ daysPastDue: 1 + Math.floor(random() * 60), amountOverdue: '1000.00' }),
    };
  };
};

const rssOf = (pid: number | undefined): number => {
  try {
    const line = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line === null ? NaN : Number(line[1]) / 1024;
  } catch {
    return NaN;
  }
};

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
const cpuSecondsOf = (pid: number | undefined): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after it start past its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
};

type Heap = Readonly<{ heapUsed: number; external: number }>;

/** The API's own view of its memory, from prom-client's default series on /metrics, in MiB. */
async function heapOf(base: Base): Promise<Heap> {
  const answer = await call(undefined, base, 'GET', '/metrics', null, undefined, 30_000);
  const gauge = (name: string) => Number(new RegExp(`^crm_${name} (\\S+)`, 'm').exec(answer.body)?.[1] ?? NaN) / MIB;
  return {
    heapUsed: gauge('nodejs_heap_size_used_bytes'),
    external: gauge('nodejs_external_memory_bytes'),
  };
}

const describe = (s: SoakSample): string =>
  `${s.seconds.toFixed(0)} s, ${s.sent.toLocaleString('en-US')} sent, ${s.answered.toLocaleString('en-US')} answered, ${s.dropped.toLocaleString('en-US')} dropped: CPU ${s.cpuSeconds.toFixed(0)} s, RSS ${s.rss.toFixed(0)} MiB, heap used ${s.heapUsed.toFixed(0)} MiB, external ${s.external.toFixed(0)} MiB, load ${s.load1.toFixed(1)}`;

function writeSeries(samples: readonly SoakSample[]): void {
  const path = join(process.cwd(), 'dist', 'bench', 'soak-series.json');
  mkdirSync(join(process.cwd(), 'dist', 'bench'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(samples, null, 2)}\n`);
  const rows = samples.map(
    (s) =>
      `| ${s.seconds.toFixed(0)} | ${s.sent.toLocaleString('en-US')} | ${s.answered.toLocaleString('en-US')} | ${s.dropped.toLocaleString('en-US')} | ${s.rss.toFixed(0)} | ${s.heapUsed.toFixed(0)} | ${s.external.toFixed(0)} | ${s.load1.toFixed(1)} |`,
  );
  process.stdout.write(
    `\n| s | commands sent | answered 2xx | dropped | RSS MiB | heap used MiB | external MiB | load 1 min |\n|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n\nseries: ${path}\n`,
  );
}
