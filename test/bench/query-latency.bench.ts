import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '@crm/event-store';
// By path, not through the @crm/testing barrel, which also holds jest-only helpers.
import {
  appendRealisticClientData,
  mulberry32,
  RealisticClientData,
} from '../../libs/testing/src/realistic-client-data';
import { summariseLatency, type BenchReport } from './report';

/**
 * Query latency of the real API process under an open-loop load, on a 100,000-client book.
 *
 * Open loop: requests are sent on a fixed schedule whatever the answers do, and each latency is
 * measured from when the request was due, not when it left — otherwise a stalled server would
 * slow the generator down and hide its own stalls (coordinated omission).
 */
const BENCH = 'query-latency';
const CLIENTS = Number(process.env.BENCH_QUERY_CLIENTS ?? 100_000);
const SEED = 2026;
const WARM_UP_MS = 3_000;
const MEASURE_MS = 15_000;
/** The client view right after a restart is measured over this, from the first request. */
const FIRST_MINUTE_MS = 60_000;
const WINDOW_MS = 10_000;
/**
 * Sessions per build: the first projects the log, each later one restarts on caught-up read
 * models (and measures the first minute). BENCH_QUERY_BASELINE_API names another build's
 * `dist/apps/crm-api/src/main.js` to serve the same data set in alternate sessions.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_QUERY_ROUNDS ?? 2));
const BASELINE_API = process.env.BENCH_QUERY_BASELINE_API;
/** Sockets the load generator may open; requests beyond them queue in the agent (and that wait counts). */
const MAX_SOCKETS = 32;
/** Requests in flight before new ones are dropped (counted as errors), so an overloaded run stays bounded. */
const MAX_IN_FLIGHT = 2_000;
const REQUEST_TIMEOUT_MS = 5_000;
const CATCH_UP_TIMEOUT_MS = 30 * 60_000;
/** Health answers wait behind catch-up batches that hold the API's event loop for seconds. */
const HEALTH_TIMEOUT_MS = 30_000;

type Case = Readonly<{
  name: string;
  rate: number;
  /** The design's latency aim, where it sets one. */
  p99TargetMs?: number;
  path: (random: () => number) => string;
  /** The route may not exist yet (built in parallel): a 404 on the first request skips the case. */
  optional: boolean;
  why: string;
}>;

/** An API build the bench serves the data set with; a baseline build runs beside this one, interleaved. */
type Build = Readonly<{ label: string; main: string; dir: string }>;

export async function queryLatencyBench(report: BenchReport): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-query-'));
  const sqlitePath = join(dir, 'crm.sqlite');
  let api: ChildProcess | null = null;
  const killOnExit = () => api?.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    // ---- 1. the data set -------------------------------------------------------------------
    const data = new RealisticClientData({
      clients: CLIENTS,
      seed: SEED,
      endAt: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(),
    });
    const clientIds: string[] = [];
    // Loading is set-up, not what is measured: relaxed sync and big groups (one transaction per
    // batch) make it several times faster; the API reopens the file with its durable defaults.
    const store = SqliteEventStore.open(sqlitePath, { synchronous: 'NORMAL', maxGroupSize: 8192 });
    const span = data.end - data.start;
    const generationStarted = performance.now();
    let events = 0;
    try {
      events = await appendRealisticClientData(
        store,
        (function* collectIds() {
          for (const item of data.events()) {
            if (item.event.type === 'ProspectRegistered')
              clientIds.push((item.event.data as { clientId: string }).clientId);
            yield item;
          }
        })(),
        8192,
        (appended, last) => {
          const day = Math.max(0, Math.floor((Date.parse(last.event.metadata.occurredAt) - data.start) / 86_400_000));
          report.progress(
            `${BENCH}: generating + appending (simulated day; ${appended.toLocaleString('en-US')} events)`,
            Math.min(day, span / 86_400_000),
            Math.round(span / 86_400_000),
          );
        },
      );
    } finally {
      await store.close();
    }
    const generationSeconds = (performance.now() - generationStarted) / 1000;
    const shape = `${events.toLocaleString('en-US')} events, ${data.stats.clients.toLocaleString('en-US')} clients (${data.stats.converted.toLocaleString('en-US')} converted), ${data.branchIds.length} branches, ${data.managers.length} managers`;
    process.stderr.write(
      `\n  ${BENCH}: data set ${shape}; ${data.stats.pastDueEpisodes.toLocaleString('en-US')} delinquencies (${data.stats.pastDueCleared.toLocaleString('en-US')} cleared)\n`,
    );
    report.record({
      bench: BENCH,
      name: 'generate + append data set',
      store: 'sqlite (NORMAL)',
      operations: events,
      unit: 'events',
      seconds: generationSeconds,
      perSecond: events / generationSeconds,
      notes: `${shape}; generator and appends interleaved on one thread, synchronous=NORMAL, one transaction per 8,192 appends`,
    });

    // ---- 2. the builds: this one, and a baseline beside it when asked for ----------------------
    const builds: Build[] = [
      { label: 'this build', main: join(__dirname, '..', '..', 'apps', 'crm-api', 'src', 'main.js'), dir },
    ];
    if (BASELINE_API !== undefined) {
      // Each build gets its own copy of the store (its risk monitor appends alerts) and its own read models.
      const baseline = join(dir, 'baseline');
      mkdirSync(baseline);
      copyFileSync(sqlitePath, join(baseline, 'crm.sqlite'));
      builds.unshift({ label: 'baseline', main: resolve(BASELINE_API), dir: baseline });
    }

    // ---- 3. sessions: each build started, measured and stopped in turn, ROUNDS times ------------
    // The first start of a build projects the whole log; later ones are restarts on caught-up
    // read models, whose first minute is measured on its own before the usual cases.
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? builds : [...builds].reverse();
      for (const build of order) {
        const restart = round > 0;
        const tag = builds.length > 1 ? ` [${build.label}]` : '';
        const started = await startApi(build, report, events, (child) => (api = child));
        try {
          report.record({
            bench: BENCH,
            name: `${restart ? 'API restart → ready' : 'API start + projection catch-up'}${tag}`,
            store: 'sqlite',
            operations: Number(started.head),
            unit: 'events',
            seconds: started.seconds,
            perSecond: Number(started.head) / started.seconds,
            notes: restart
              ? `${started.seconds.toFixed(1)} s from process start until /health/ready shows the projector at the store head (read models already caught up)`
              : 'from process start until /health/ready shows the projector checkpoint at the store head (includes ~1–2 s boot)',
          });
          const token = await devToken(started.base);
          const agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS });
          try {
            if (restart) await firstMinute(report, agent, started.base, token, clientIds, tag);
            await runCases(report, agent, started.base, token, casesOf(data, clientIds), tag);
          } finally {
            agent.destroy();
          }
        } finally {
          await stop(started.child);
          api = null;
        }
      }
    }
  } finally {
    if (api !== null) await stop(api);
    process.removeListener('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  }
}

const casesOf = (data: RealisticClientData, clientIds: readonly string[]): Case[] => {
  const managerIds = data.managers.map((m) => m.managerId);
  const branch = (random: () => number) =>
    `/v1/branches/${data.branchIds[Math.floor(random() * data.branchIds.length)]}/dashboard`;
  const branchWhy = `each answer covers a branch of ~${Math.round(CLIENTS / data.branchIds.length).toLocaleString('en-US')} clients`;
  return [
    {
      name: 'GET /v1/clients/:id (client view)',
      rate: 1_000,
      p99TargetMs: 20,
      optional: false,
      path: (random) => `/v1/clients/${clientIds[Math.floor(random() * clientIds.length)]}`,
      why: 'the design target',
    },
    {
      name: 'GET /v1/managers/:id/portfolio',
      rate: 200,
      optional: true,
      path: (random) => `/v1/managers/${managerIds[Math.floor(random() * managerIds.length)]}/portfolio`,
      why: `${managerIds.length} managers opening their portfolio of ~${Math.round(CLIENTS / managerIds.length)} clients a few times a day is < 1/s; 200/s is a start-of-day burst with two orders of margin`,
    },
    {
      name: 'GET /v1/branches/:id/dashboard',
      rate: 50,
      optional: true,
      path: branch,
      why: `${data.branchIds.length} branch heads plus regional staff refreshing every few seconds stays under 50/s; ${branchWhy}`,
    },
    {
      name: 'GET /v1/branches/:id/dashboard',
      rate: 200,
      p99TargetMs: 50,
      optional: true,
      path: branch,
      why: `issue 13's target for 100,000 clients; ${branchWhy}`,
    },
  ];
};

type Started = Readonly<{ child: ChildProcess; base: Base; head: bigint; seconds: number }>;

/** Starts `build`'s API on its directory's files and waits until its projector is at the store head. */
async function startApi(
  build: Build,
  report: BenchReport,
  events: number,
  track: (child: ChildProcess) => void,
): Promise<Started> {
  const port = await freePort();
  const base = { host: '127.0.0.1', port };
  const stderrTail: string[] = [];
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_API_NODE_FLAGS ?? '--max-semi-space-size=64').split(' ').filter(Boolean), build.main],
    {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        EVENT_STORE: 'sqlite',
        SQLITE_PATH: join(build.dir, 'crm.sqlite'),
        READ_MODEL_PATH: join(build.dir, 'crm.read-models.sqlite'),
        LOG_LEVEL: 'warn',
        AUTH_DEV_TOKENS: 'true',
        // One bench user at 1,000 requests/s: the per-user rate limit would answer 429.
        RATE_LIMIT_PER_MINUTE: '0',
        WORKERS: 'all',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  track(child);
  const keepTail = (chunk: Buffer) => {
    stderrTail.push(chunk.toString());
    if (stderrTail.length > 40) stderrTail.shift();
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `API exited (code ${String(code)}, signal ${String(signal)}): ${stderrTail.join('').slice(-2000)}`;
  });
  const head = await waitForCatchUp(base, report, () => exited, events);
  return { child, base, head, seconds: (performance.now() - startedAt) / 1000 };
}

/**
 * The client view from the first request after a restart: a minute at the design rate with no
 * warm-up, so whatever is cold (statements, caches, code never run yet) shows in the latencies.
 */
async function firstMinute(
  report: BenchReport,
  agent: Agent,
  base: Base,
  token: string,
  clientIds: readonly string[],
  tag: string,
): Promise<void> {
  const rate = 1_000;
  const random = mulberry32(SEED - 1);
  const result = await openLoop({
    agent,
    base,
    token,
    rate,
    path: () => `/v1/clients/${clientIds[Math.floor(random() * clientIds.length)]}`,
    label: `${BENCH}: client view, first minute after restart`,
    report,
    warmUpMs: 0,
    measureMs: FIRST_MINUTE_MS,
  });
  const latency = summariseLatency(result.latencies);
  const windows = result.windows.map((w) => (w.length === 0 ? '–' : summariseLatency(w).p99Ms.toFixed(1))).join(' / ');
  report.record({
    bench: BENCH,
    name: `GET /v1/clients/:id, first minute after restart @ ${rate}/s${tag}`,
    store: 'sqlite',
    operations: result.latencies.length,
    unit: 'requests',
    seconds: result.seconds,
    perSecond: result.latencies.length / result.seconds,
    ...(result.latencies.length > 0 ? { latency } : {}),
    target: rate * 0.99,
    notes: `open loop ${rate}/s from the first request once /health/ready shows the projector caught up, no warm-up; p99 per 10 s: ${windows} ms; ${result.errors} errors ${JSON.stringify(result.statuses)}; p99 target < 20 ms: ${result.latencies.length > 0 && latency.p99Ms < 20 ? 'met' : 'NOT met'}`,
  });
}

async function runCases(
  report: BenchReport,
  agent: Agent,
  base: Base,
  token: string,
  cases: readonly Case[],
  tag: string,
): Promise<void> {
  for (const [index, item] of cases.entries()) {
    const random = mulberry32(SEED + index);
    const probe = await get(agent, base, item.path(random), token);
    if (probe.status === 404 && item.optional) {
      report.record({
        bench: BENCH,
        name: `${item.name} — skipped${tag}`,
        store: 'sqlite',
        operations: 0,
        unit: 'requests',
        seconds: 0,
        perSecond: 0,
        notes: `route answered 404 (${probe.body.slice(0, 160)}): not built yet`,
      });
      continue;
    }
    if (probe.status !== 200)
      throw new Error(`${item.name}: probe answered ${probe.status}: ${probe.body.slice(0, 300)}`);
    const result = await openLoop({
      agent,
      base,
      token,
      rate: item.rate,
      path: () => item.path(random),
      label: `${BENCH}: ${item.name}`,
      report,
      warmUpMs: WARM_UP_MS,
      measureMs: MEASURE_MS,
    });
    const latency = summariseLatency(result.latencies);
    const p99 =
      item.p99TargetMs === undefined || result.latencies.length === 0
        ? ''
        : `; p99 target < ${item.p99TargetMs} ms: ${latency.p99Ms < item.p99TargetMs ? 'met' : 'NOT met'}`;
    report.record({
      bench: BENCH,
      name: `${item.name} @ ${item.rate}/s${tag}`,
      store: 'sqlite',
      operations: result.latencies.length,
      unit: 'requests',
      seconds: result.seconds,
      perSecond: result.latencies.length / result.seconds,
      // A run where every request failed has no latencies to summarise.
      ...(result.latencies.length > 0 ? { latency } : {}),
      // The table's rate column: served at least 99 % of the offered rate (p99 verdict in the notes).
      ...(item.p99TargetMs === undefined ? {} : { target: item.rate * 0.99 }),
      notes: `open loop ${item.rate}/s for ${MEASURE_MS / 1000} s after ${WARM_UP_MS / 1000} s warm-up (${item.why}); ${result.errors} errors ${JSON.stringify(result.statuses)}${p99}; load generator and API share the machine's cores`,
    });
  }
}

/** A port nobody listens on: bind port 0 in a throwaway server, read it, close it. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

type Base = Readonly<{ host: string; port: number }>;
type Answer = Readonly<{ status: number; body: string }>;

const call = (
  agent: Agent | undefined,
  base: Base,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        ...base,
        method,
        path,
        agent,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
        timeout: timeoutMs,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });

const get = (agent: Agent, base: Base, path: string, token: string): Promise<Answer> =>
  call(agent, base, 'GET', path, token);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Ready = { details?: { projector?: { checkpoint?: string }; eventStore?: { head?: string } } };

/** Polls /health/ready until the projector's checkpoint equals the store head; returns the head. */
async function waitForCatchUp(
  base: Base,
  report: BenchReport,
  exited: () => string | null,
  events: number,
): Promise<bigint> {
  const startedAt = Date.now();
  for (;;) {
    const failure = exited();
    if (failure !== null) throw new Error(failure);
    // One bound for boot and catch-up: the API may not listen until its projector has caught up.
    if (Date.now() - startedAt > CATCH_UP_TIMEOUT_MS) throw new Error('the API did not start and catch up in time');
    try {
      const answer = await call(undefined, base, 'GET', '/health/ready', null, undefined, HEALTH_TIMEOUT_MS);
      const details = (JSON.parse(answer.body) as Ready).details;
      const checkpoint = details?.projector?.checkpoint;
      const head = details?.eventStore?.head;
      if (checkpoint !== undefined && head !== undefined) {
        report.progress(
          `${BENCH}: API projecting (events)`,
          Math.min(Number(checkpoint), events),
          Math.max(Number(head), events),
        );
        if (checkpoint === head && BigInt(head) > 0n) return BigInt(head);
      }
    } catch {
      // Not listening yet, or busy: the projector's catch-up batches block the event loop for a while.
      report.progress(`${BENCH}: waiting for the API (${Math.round((Date.now() - startedAt) / 1000)} s)`, 0, 1);
    }
    await sleep(500);
  }
}

async function devToken(base: Base): Promise<string> {
  const answer = await call(undefined, base, 'POST', '/v1/dev/tokens', null, { sub: 'bench', role: 'admin' });
  if (answer.status !== 200 && answer.status !== 201)
    throw new Error(`dev token: ${answer.status} ${answer.body.slice(0, 300)}`);
  return (JSON.parse(answer.body) as { token: string }).token;
}

type LoadResult = {
  latencies: Float64Array;
  /** The measured latencies by WINDOW_MS of due time, from the start of the measured window. */
  windows: number[][];
  seconds: number;
  errors: number;
  statuses: Record<string, number>;
};

/**
 * Sends GETs at `rate` per second for the warm-up and the measured window, then waits (bounded)
 * for the stragglers. Only measured requests are recorded; non-200 answers, timeouts and drops
 * count as errors and are left out of the latencies.
 */
function openLoop(
  options: Readonly<{
    agent: Agent;
    base: Base;
    token: string;
    rate: number;
    path: () => string;
    label: string;
    report: BenchReport;
    warmUpMs: number;
    measureMs: number;
  }>,
): Promise<LoadResult> {
  const { agent, base, token, rate } = options;
  const interval = 1000 / rate;
  const total = Math.floor(((options.warmUpMs + options.measureMs) / 1000) * rate);
  const firstMeasured = Math.ceil((options.warmUpMs / 1000) * rate);
  const latencies = new Float64Array(total - firstMeasured);
  const windows: number[][] = Array.from({ length: Math.ceil(options.measureMs / WINDOW_MS) }, () => []);
  let recorded = 0;
  let errors = 0;
  const statuses: Record<string, number> = {};
  let inFlight = 0;
  let sent = 0;
  let lastDone = 0;
  const start = performance.now();
  const measureStart = start + firstMeasured * interval;

  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      const end = Math.max(lastDone, start + total * interval);
      resolve({
        latencies: latencies.slice(0, recorded),
        windows,
        seconds: (end - measureStart) / 1000,
        errors,
        statuses,
      });
    };
    const count = (key: string, measured: boolean) => {
      if (!measured) return;
      statuses[key] = (statuses[key] ?? 0) + 1;
    };
    const fire = (n: number) => {
      const due = start + n * interval;
      const measured = n >= firstMeasured;
      if (inFlight >= MAX_IN_FLIGHT) {
        if (measured) errors += 1;
        count('dropped', measured);
        return;
      }
      inFlight += 1;
      const req = request(
        {
          ...base,
          path: options.path(),
          agent,
          headers: { authorization: `Bearer ${token}` },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            inFlight -= 1;
            const now = performance.now();
            lastDone = Math.max(lastDone, now);
            count(String(res.statusCode), measured);
            if (measured) {
              if (res.statusCode === 200) {
                latencies[recorded++] = now - due;
                windows[Math.min(windows.length - 1, Math.floor((due - measureStart) / WINDOW_MS))].push(now - due);
              } else errors += 1;
            }
            if (sent >= total && inFlight === 0) finish();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        inFlight -= 1;
        count('error', measured);
        if (measured) errors += 1;
        if (sent >= total && inFlight === 0) finish();
      });
      req.end();
    };
    // A 1 ms timer sends whatever is due; a busier loop would take CPU from the server on a 2-core machine.
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) fire(sent++);
      options.report.progress(options.label, sent, total);
      if (sent < total) setTimeout(tick, 1);
      else if (inFlight === 0) finish();
      else setTimeout(finish, REQUEST_TIMEOUT_MS + 1_000);
    };
    tick();
  });
}

/** SIGTERM, then SIGKILL if it has not gone within 5 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(timer);
}
