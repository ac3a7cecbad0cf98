import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../../libs/testing/src/realistic-client-data';
import { call, cleanUpOnInterrupt, devToken, startApi, waitForCatchUp, type ApiProcess } from './api-process';
import { closedLoop } from './closed-loop';
import { seedBook, type Book } from './http-book';
import type { BenchReport } from './report';
import { npmStartLaunch } from './npm-start-launch';

const BENCH = 'memory';
/** The bound: the API's resident set under 300 MB with 1,000,000 events in the store. */
const RSS_CEILING_MB = 300;
const MB = 1_000_000;
const MIB = 1024 * 1024;

/** Every figure can be changed by an environment variable; see the README of the bench in docs/benchmarks.md. */
type MemorySettings = Readonly<{
  /** Clients of the realistic book (BENCH_MEMORY_CLIENTS): 37,000 make about 1,000,000 events. */
  clients: number;
  /** Shared with the http bench (BENCH_HTTP_BOOK_CACHE): a book generated once is copied later. */
  bookCacheDir: string | null;
  /** WORKERS of the API (BENCH_MEMORY_WORKERS, projector): see the http bench on the risk monitor. */
  workers: string;
  /** The client-view load after the catch-up (BENCH_MEMORY_SECONDS, 20), at 16 connections. */
  seconds: number;
  nodeFlags: readonly string[];
}>;

const readSettings = (): MemorySettings => ({
  clients: Math.round(Number(process.env.BENCH_MEMORY_CLIENTS || 37_000)),
  bookCacheDir: process.env.BENCH_HTTP_BOOK_CACHE || null,
  workers: process.env.BENCH_MEMORY_WORKERS || 'projector',
  seconds: Number(process.env.BENCH_MEMORY_SECONDS || 20),
  /** The API's Node flags (BENCH_API_NODE_FLAGS): by default those of `npm start` and the Docker image. */
  nodeFlags: process.env.BENCH_API_NODE_FLAGS?.split(' ').filter(Boolean) ?? npmStartLaunch().nodeFlags,
});

/** What the kernel says of a process's memory (Linux /proc), in bytes. */
type ProcMemory = Readonly<{ rss: number; hwm: number; anon: number; file: number }>;

const procMemory = (pid: number | undefined): ProcMemory | null => {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kB = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kB('VmRSS'), hwm: kB('VmHWM'), anon: kB('RssAnon'), file: kB('RssFile') };
  } catch {
    return null;
  }
};

/** The API's own view of its memory: prom-client's default series on /metrics. */
async function heapOf(api: ApiProcess): Promise<string> {
  const answer = await call(undefined, api.base, 'GET', '/metrics', null, undefined, 30_000);
  const gauge = (name: string) => Number(new RegExp(`^crm_${name} (\\S+)`, 'm').exec(answer.body)?.[1] ?? NaN);
  const mb = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
  return [
    `heap used ${mb(gauge('nodejs_heap_size_used_bytes'))} of ${mb(gauge('nodejs_heap_size_total_bytes'))}`,
    `external ${mb(gauge('nodejs_external_memory_bytes'))}`,
  ].join(', ');
}

/**
 * The API's memory with a realistic book of about 1,000,000 events in its SQLite store (issue 13:
 * RSS < 300 MB): the built API as its own process, as `npm start` runs it, catches up from an empty
 * read-model file (the peak, VmHWM, is sampled all along), then serves client views at 16
 * connections. VmRSS and VmHWM come from /proc, heap and external memory from the API's /metrics.
 */
export async function memoryBench(report: BenchReport): Promise<void> {
  const settings = readSettings();
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-memory-'));
  let api: ApiProcess | null = null;
  const uninstall = cleanUpOnInterrupt(() => api, dir);
  try {
    const book = await seedBook(dir, settings.clients, settings.bookCacheDir, report);
    const started = performance.now();
    api = await startApi(
      {
        EVENT_STORE: 'sqlite',
        SQLITE_PATH: book.sqlitePath,
        READ_MODEL_PATH: book.readModelPath,
        WORKERS: settings.workers,
        LOG_LEVEL: 'info',
      },
      settings.nodeFlags,
    );
    const pid = api.child.pid;
    let peakDuringCatchUp = 0;
    const sampler = setInterval(
      () => (peakDuringCatchUp = Math.max(peakDuringCatchUp, procMemory(pid)?.rss ?? 0)),
      200,
    );
    try {
      await waitForCatchUp(api, report, BENCH, book.events);
    } finally {
      clearInterval(sampler);
    }
    const catchUpSeconds = (performance.now() - started) / 1000;
    const shape = `${book.events.toLocaleString('en-US')} events, ${book.clientIds.length.toLocaleString('en-US')} clients; WORKERS=${settings.workers}; node ${settings.nodeFlags.join(' ')}`;
    record(
      report,
      'API after catch-up (VmRSS)',
      procMemory(pid),
      'rss',
      `${shape}; caught up in ${catchUpSeconds.toFixed(0)} s; ${await heapOf(api)}`,
    );
    record(
      report,
      'API peak during catch-up (VmHWM)',
      procMemory(pid),
      'hwm',
      `sampled VmRSS peak ${(peakDuringCatchUp / MIB).toFixed(0)} MiB`,
    );

    const load = await clientViewLoad(api, book, settings.seconds);
    const after = procMemory(pid);
    record(
      report,
      `API after ${settings.seconds} s of client views (VmRSS)`,
      after,
      'rss',
      `${load}; ${await heapOf(api)}`,
    );
    record(
      report,
      'API peak over the whole run (VmHWM)',
      after,
      'hwm',
      `RssAnon ${((after?.anon ?? 0) / MIB).toFixed(0)} MiB, RssFile ${((after?.file ?? 0) / MIB).toFixed(0)} MiB at the end`,
    );
  } finally {
    await api?.stop();
    uninstall();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function clientViewLoad(api: ApiProcess, book: Book, seconds: number): Promise<string> {
  const token = await devToken(api.base);
  const random = mulberry32(13);
  const result = await closedLoop(api.base, 16, seconds, () => ({
    method: 'GET',
    path: `/v1/clients/${book.clientIds[Math.floor(random() * book.clientIds.length)]}`,
    headers: { authorization: `Bearer ${token}` },
  }));
  return `${Math.round(result.ok / result.seconds).toLocaleString('en-US')} views/s at 16 connections, ${result.errors} errors`;
}

function record(
  report: BenchReport,
  name: string,
  memory: ProcMemory | null,
  figure: 'rss' | 'hwm',
  notes: string,
): void {
  const bytes = memory === null ? NaN : memory[figure];
  report.record({
    bench: BENCH,
    name,
    store: 'sqlite',
    operations: 1,
    unit: 'MB',
    seconds: 0,
    perSecond: bytes / MB,
    target: RSS_CEILING_MB,
    ceiling: true,
    notes: `${(bytes / MIB).toFixed(0)} MiB; ${notes}`,
  });
}
