import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { devToken, send, startApi, waitForReady, type ApiProcess } from './api-process';
import { startBareServer, type BareServer } from './bare-http-server';
import { formatProfileSummary, summariseCpuProfile, type CpuProfile } from './cpu-profile-summary';
import { BENCH } from './http-against-bare';
import { alertFanOut } from './http-alert-fanout';
import { seedBook, waitForWorkers, type Book } from './http-book';
import { clientViewBody, p99BySlice, pacedClientView, readCases, type ReadContext } from './http-reads';
import { readHttpBenchSettings, type HttpBenchSettings } from './http-settings';
import { BENCH_MANAGER, contactCases, registerClients, type MeasuredWindow } from './http-writes';
import type { BenchReport } from './report';
import { BENCH_DATABASE_URL, withTempSchema } from './temp-store';

/**
 * The API over HTTP against the least a Node server can do (issue 13): the built API as its own
 * process (SQLite durable by default, LOG_LEVEL=info, dev tokens, no rate limit, every worker in
 * process) under autocannon in this process, beside a bare node:http server answering a fixed
 * client-view-sized body, measured just before each throughput case; the ratio to bare is the
 * headline. Load generator, API and bare server share the machine's cores.
 *
 * In order: a realistic book (BENCH_HTTP_CLIENTS, 100,000 clients) and the API caught up on it;
 * the client view (50 connections; paced 1,000/s), portfolio, search, timeline and branch
 * dashboard; the client view at 1,000/s in the first minute after a restart; on a fresh store,
 * contacts over 20 clients and on one, and the alert feed's fan-out to 1,000 subscribers; contacts
 * on PostgreSQL in a fresh schema (skipped, and said, when PostgreSQL does not answer).
 * BENCH_HTTP_CPU_PROF=<dir> runs the first API under `--cpu-prof` and summarises the profile of
 * the client-view case (or the read case BENCH_HTTP_CPU_PROF_CASE names);
 * BENCH_HTTP_WRITES_CPU_PROF=<dir> does the same for the write cases' APIs (the contacts case over
 * 20 clients). See http-settings.ts for every knob.
 */
export async function httpBench(report: BenchReport): Promise<void> {
  const settings = readHttpBenchSettings();
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-http-'));
  const running = new Set<ApiProcess>();
  let bare: BareServer | null = null;
  const killOnExit = () => running.forEach((api) => api.child.kill('SIGKILL'));
  // Interrupted (Ctrl-C, a timeout's SIGTERM): no API left running, no book left in the temp folder.
  const onSignal = (signal: NodeJS.Signals) => {
    killOnExit();
    rmSync(dir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', killOnExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const start = async (env: Record<string, string>, flags: readonly string[] = settings.nodeFlags) => {
    const api = await startApi({ LOG_LEVEL: settings.logLevel, WORKERS: 'all', ...env }, flags);
    running.add(api);
    return api;
  };
  const stop = async (api: ApiProcess) => {
    await api.stop();
    running.delete(api);
  };
  try {
    const needsBook = settings.cases.has('reads') || settings.cases.has('restart');
    const book = needsBook ? await seedBook(dir, settings.clients, settings.bookCacheDir, report) : null;
    if (book !== null) {
      const bookEnv = {
        EVENT_STORE: 'sqlite',
        SQLITE_PATH: book.sqlitePath,
        READ_MODEL_PATH: book.readModelPath,
        WORKERS: settings.bookWorkers,
      };
      const profileDir = settings.cpuProfileDir === null ? null : resolve(settings.cpuProfileDir);
      if (profileDir !== null) mkdirSync(profileDir, { recursive: true });
      const first = await start(
        bookEnv,
        profileDir === null
          ? settings.nodeFlags
          : [...settings.nodeFlags, '--cpu-prof', `--cpu-prof-dir=${profileDir}`],
      );
      await waitForWorkers(first, book, settings.bookWorkers, report);
      const token = await devToken(first.base);
      bare = await startBareServer(await clientViewBody(first.base, token, book), settings.nodeFlags);
      const context: ReadContext = { report, settings, bare, book, token };
      if (settings.cases.has('reads')) {
        const window = await readCases(context, first);
        await stop(first);
        if (profileDir !== null) summariseProfile(profileDir, first.child.pid, window, `${window.name} case`);
      } else {
        await stop(first);
      }
      if (settings.cases.has('restart')) await restartCase(context, book, start, stop, bookEnv);
    } else {
      bare = await startBareServer(STAND_IN_VIEW, settings.nodeFlags);
    }
    if (settings.cases.has('writes')) await sqliteWrites(report, settings, bare, dir, start, stop);
    if (settings.cases.has('postgres')) await postgresWrites(report, settings, bare, start, stop);
  } finally {
    for (const api of running) await api.stop();
    await bare?.stop();
    process.removeListener('exit', killOnExit);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bare server's body when no book is made (only write cases chosen): JSON of a median client view's size. */
const STAND_IN_VIEW = JSON.stringify({ clientId: 'C-STAND-IN', padding: 'x'.repeat(1_270) });

type Start = (env: Record<string, string>, flags?: readonly string[]) => Promise<ApiProcess>;
type Stop = (api: ApiProcess) => Promise<void>;

/** The client view at a paced 1,000/s from the moment a restarted API on the caught-up book is ready. */
async function restartCase(context: ReadContext, book: Book, start: Start, stop: Stop, env: Record<string, string>) {
  const started = performance.now();
  const api = await start(env);
  await waitForReady(api);
  const readyAfter = (performance.now() - started) / 1000;
  const token = await devToken(api.base);
  await pacedClientView({ ...context, token }, api.base, {
    name: `GET /v1/clients/:id @ 1000/s, first ${context.settings.restartSeconds} s after an API restart`,
    warmUpMs: 0,
    measureMs: context.settings.restartSeconds * 1000,
    p99TargetMs: 20,
    why: `the issue: p99 ≤ 20 ms from the first minute after a restart; ready ${readyAfter.toFixed(1)} s after spawn, ${book.events.toLocaleString('en-US')} events in the store`,
    detail: (run) => p99BySlice(run, 10_000),
  });
  await stop(api);
}

async function sqliteWrites(
  report: BenchReport,
  settings: HttpBenchSettings,
  bare: BareServer,
  dir: string,
  start: Start,
  stop: Stop,
): Promise<void> {
  const profileDir = writesProfileDir(settings, 'sqlite');
  const api = await start(
    {
      EVENT_STORE: 'sqlite',
      SQLITE_PATH: join(dir, 'writes.sqlite'),
      // The fan-out's subscribers all hold one risk officer's token.
      ALERT_STREAM_MAX_CONNECTIONS_PER_USER: String(settings.subscribers),
      ALERT_STREAM_MAX_CONNECTIONS: String(Math.max(5_000, settings.subscribers)),
    },
    profiled(settings, profileDir),
  );
  await waitForReady(api);
  const token = await devToken(api.base);
  await send(api.base, token, 'POST', '/v1/managers', BENCH_MANAGER);
  const clients = await registerClients(api.base, token, 20, 'sqlite');
  const window = await contactCases(report, settings, bare, api.base, token, clients, 'sqlite', true);
  await alertFanOut(report, settings, api.base, token);
  await stop(api);
  if (profileDir !== null) summariseProfile(profileDir, api.child.pid, window, 'SQLite contacts case over 20 clients');
}

/** `<BENCH_HTTP_WRITES_CPU_PROF>/<store>`, made; null when the knob is not set. */
const writesProfileDir = (settings: HttpBenchSettings, store: string): string | null => {
  if (settings.writesCpuProfileDir === null) return null;
  const dir = resolve(settings.writesCpuProfileDir, store);
  mkdirSync(dir, { recursive: true });
  return dir;
};

const profiled = (settings: HttpBenchSettings, dir: string | null): readonly string[] =>
  dir === null ? settings.nodeFlags : [...settings.nodeFlags, '--cpu-prof', `--cpu-prof-dir=${dir}`];

async function postgresWrites(
  report: BenchReport,
  settings: HttpBenchSettings,
  bare: BareServer,
  start: Start,
  stop: Stop,
): Promise<void> {
  const reachable = await postgresAnswers();
  if (reachable !== true) {
    report.record({
      bench: BENCH,
      name: 'POST /v1/clients/:id/contacts on PostgreSQL — skipped',
      store: 'postgres',
      operations: 0,
      unit: 'commands',
      seconds: 0,
      perSecond: 0,
      notes: `PostgreSQL at DATABASE_URL did not answer: ${reachable}`,
    });
    return;
  }
  await withTempSchema(async (schema) => {
    // Made here: the API's stores each CREATE SCHEMA IF NOT EXISTS at boot, concurrently, and on a
    // new schema two of them can collide (unique violation in pg_namespace) and stop the boot.
    await withPostgres((client) => client.query(`CREATE SCHEMA "${schema}"`));
    const profileDir = writesProfileDir(settings, 'postgres');
    const env = { EVENT_STORE: 'postgres', DATABASE_URL: BENCH_DATABASE_URL, DATABASE_SCHEMA: schema };
    const api = await start(env, profiled(settings, profileDir));
    let window: MeasuredWindow | null = null;
    try {
      await waitForReady(api);
      const token = await devToken(api.base);
      await send(api.base, token, 'POST', '/v1/managers', BENCH_MANAGER);
      const clients = await registerClients(api.base, token, 20, 'postgres');
      window = await contactCases(report, settings, bare, api.base, token, clients, 'postgres', false);
    } finally {
      // Before the schema is dropped: the API holds connections and locks in it.
      await stop(api);
    }
    if (profileDir !== null && window !== null) {
      summariseProfile(profileDir, api.child.pid, window, 'PostgreSQL contacts case over 20 clients');
    }
  });
}

async function withPostgres<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: BENCH_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** True, or why not. */
const postgresAnswers = (): Promise<true | string> =>
  withPostgres((client) => client.query('SELECT 1')).then(
    () => true as const,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );

/** Finds an API's profile, cuts it to one case's measured window and writes the summary beside it. */
function summariseProfile(dir: string, pid: number | undefined, window: MeasuredWindow, label: string) {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile') && name.includes(`.${String(pid)}.`));
  if (file === undefined) {
    process.stderr.write(`  ${BENCH}: no CPU profile of pid ${String(pid)} in ${dir} (did the API exit cleanly?)\n`);
    return;
  }
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const inside = window.fromUs >= profile.startTime && window.toUs <= profile.endTime;
  const summary = formatProfileSummary(summariseCpuProfile(profile, inside ? { top: 15, ...window } : { top: 15 }));
  const cut = inside
    ? `${label} only (cpu-profile-summary.js ${file} --from-us ${window.fromUs} --to-us ${window.toUs})`
    : 'WHOLE profile (the case window is not on its clock)';
  const text = `${file}, ${cut}\n\n${summary}\n`;
  writeFileSync(join(dir, `${file}.summary.md`), text);
  process.stderr.write(`\n  ${BENCH}: CPU profile ${join(dir, file)}\n${text}\n`);
}
