import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { v7 } from 'uuid';
import { SqliteEventStore } from '@crm/event-store';
import { AuditWriter, SqliteAuditStore, type AccessLogEntry, type AccessLogPage, type AuditStore } from '@crm/api-kit';
// By path, not through the @crm/testing barrel, which also holds jest-only helpers.
import { appendClientEventMix, generateClientEventMix } from '../../libs/testing/src/client-event-mix';
import { summariseLatency, type BenchReport } from './report';
import { freePort } from '../../libs/testing/src/process-harness';
import { mulberry32 } from '../../libs/testing/src/realistic-client-data';
import { positiveFromEnv } from './bench-env';

/**
 * What the read audit costs on the read path: real API processes over the same data, one with
 * AUDIT_ENABLED=false, one with the audit on (defaults: 100 ms / 500 entries, SQLite audit file,
 * synchronous=FULL) and a second one with it off as a control (the bench's own noise floor),
 * serving GET /v1/clients/:id at a fixed concurrency (closed loop). They run side by side and are
 * measured in short slices in rotating order, so the noise of a shared machine falls on every
 * side alike. The same route both ways: comparing against an
 * unaudited route would measure the difference between two routes, not the audit.
 * AUDIT_ENABLED=false is a bench/test switch only; the config refuses it under NODE_ENV=production.
 *
 * Afterwards the audited process is stopped with SIGTERM and the audit file is counted: every 200
 * answer must be there (flushed on shutdown).
 *
 * Two in-process cases follow: the batching writer alone (entries per second, a batch's time to
 * commit in the writer thread, what the event loop pays to hand it over), and the audit's CPU per
 * read at a paced 1,000 reads/s — the figure a noisy machine cannot blur.
 *
 * BENCH_AUDIT_CLIENTS (2,000), BENCH_AUDIT_CONCURRENCY (16) and BENCH_AUDIT_SECONDS (6 per side)
 * change the defaults; the default run takes about 45 s. The writer's case takes
 * BENCH_AUDIT_WRITER_ENTRIES (200,000) and BENCH_AUDIT_WRITER_BATCH (500); with
 * BENCH_AUDIT_WRITER_CLIENTS each entry names one of that many clients at random (seeded), as a
 * search's reads do, instead of 5,000 clients in turn; BENCH_AUDIT_WRITER_PER_READ (1) entries are
 * recorded together, by one caller at one time, as a search records the clients it answered.
 */
const BENCH = 'audit';
const CLIENTS = Number(process.env.BENCH_AUDIT_CLIENTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_AUDIT_CONCURRENCY ?? 16);
const MEASURE_MS = Number(process.env.BENCH_AUDIT_SECONDS ?? 6) * 1000;
const WARM_UP_MS = 1_500;
/** Each side is measured in slices of this long, alternating off, on, on, off … */
const SLICE_MS = 500;
const WRITER_ENTRIES = Math.round(positiveFromEnv('BENCH_AUDIT_WRITER_ENTRIES', 200_000));
const WRITER_BATCH = Math.round(positiveFromEnv('BENCH_AUDIT_WRITER_BATCH', 500));
/** Clients the writer's entries name at random, or null: 5,000 in turn (the case's first form). */
const WRITER_CLIENTS = process.env.BENCH_AUDIT_WRITER_CLIENTS
  ? Math.round(positiveFromEnv('BENCH_AUDIT_WRITER_CLIENTS', 1))
  : null;
/** Entries per recorded read (one caller, route, purpose and time), as a search or a portfolio records them. */
const WRITER_PER_READ = Math.round(positiveFromEnv('BENCH_AUDIT_WRITER_PER_READ', 1));
const PACED_RATE = 1_000;
const PACED_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 120_000;

type Base = Readonly<{ host: string; port: number }>;
type Mode = 'off' | 'on';
type Run = { latencies: number[]; seconds: number; ok: number; errors: number; statuses: Record<string, number> };

export async function auditBench(report: BenchReport): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-audit-'));
  const sqlitePath = join(dir, 'crm.sqlite');
  const auditPath = join(dir, 'crm.audit.sqlite');
  const apis: ChildProcess[] = [];
  const killOnExit = () => apis.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', killOnExit);
  try {
    // ---- 1. a book of clients ------------------------------------------------------------------
    const mix = generateClientEventMix({
      clients: CLIENTS,
      managers: Math.max(1, Math.round(CLIENTS / 50)),
      events: CLIENTS * 10,
      seed: 7,
    });
    const clientIds = mix
      .filter((m) => m.event.type === 'ProspectRegistered')
      .map((m) => (m.event.data as { clientId: string }).clientId);
    const store = SqliteEventStore.open(sqlitePath, { synchronous: 'NORMAL', maxGroupSize: 8192 });
    try {
      await appendClientEventMix(store, mix, 4096, (done) =>
        report.progress(`${BENCH}: appending events`, done, mix.length),
      );
    } finally {
      await store.close();
    }

    // ---- 2. project once, then both APIs side by side ------------------------------------------
    // The projection is built by a first process and left on disk; the measured processes run no
    // workers (WORKERS=none), so nothing but the read path and the audit differs between them.
    const projector = startApi(dir, sqlitePath, await freePort(), 'off', 'projector');
    apis.push(projector.child);
    await waitForCatchUp({ host: '127.0.0.1', port: projector.port }, projector, report);
    await stop(projector.child);

    // Three APIs: audit off, audit on, and a second "off" as a control: off vs control is what
    // this bench reads as a difference where there is none (start order, ports, the machine).
    const sides = ['off', 'on', 'control'] as const;
    type Side = (typeof sides)[number];
    const servers = {} as Record<Side, { base: Base; token: string; agent: Agent; pid: number | undefined }>;
    // Started in an order that puts neither measured side first.
    for (const side of ['control', 'on', 'off'] as const) {
      const started = startApi(dir, sqlitePath, await freePort(), side === 'on' ? 'on' : 'off', 'none');
      apis.push(started.child);
      const base: Base = { host: '127.0.0.1', port: started.port };
      await waitForReady(base, started);
      servers[side] = {
        base,
        token: await devToken(base),
        agent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY, maxFreeSockets: CONCURRENCY }),
        pid: started.child.pid,
      };
    }

    // Short slices in rotating order (off, on, control; on, control, off; …), so the noise of a
    // shared machine falls on every side alike; slices of one round are neighbours in time.
    const runs: Record<Side, Run[]> = { off: [], on: [], control: [] };
    let auditedOk = 0;
    const random = mulberry32(1_000);
    const path = () => `/v1/clients/${clientIds[Math.floor(random() * clientIds.length)]}`;
    const rounds = Math.max(2, Math.round(MEASURE_MS / SLICE_MS));
    const cpuMs: Record<Side, number> = { off: 0, on: 0, control: 0 };
    try {
      for (const side of sides) {
        const { agent, base, token } = servers[side];
        const warm = await closedLoop(agent, base, token, path, WARM_UP_MS);
        if (side === 'on') auditedOk += warm.ok;
      }
      const cpuBefore = sides.map((side) => cpuTimeMs(servers[side].pid));
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < sides.length; i++) {
          const side = sides[(round + i) % sides.length];
          const { agent, base, token } = servers[side];
          const run = await closedLoop(agent, base, token, path, SLICE_MS);
          runs[side].push(run);
          if (side === 'on') auditedOk += run.ok;
        }
        report.progress(`${BENCH}: GET /v1/clients/:id, audit off / on / off (control), rotating`, round + 1, rounds);
      }
      sides.forEach((side, i) => (cpuMs[side] = cpuTimeMs(servers[side].pid) - cpuBefore[i]));
    } finally {
      for (const side of sides) servers[side].agent.destroy();
    }
    // SIGTERM: the audited API writes what is still in its batch before it exits.
    for (const child of apis) await stop(child);

    const recorded = countAccessLog(auditPath);
    const summary = { off: combine(runs.off), on: combine(runs.on), control: combine(runs.control) };
    /** Median over rounds of (side vs off): robust to bursts of other load on the machine. */
    const pairedWithOff = (side: Side) => {
      const throughput: number[] = [];
      const p50: number[] = [];
      for (let k = 0; k < rounds; k++) {
        const [off, other] = [runs.off[k], runs[side][k]];
        if (off.latencies.length === 0 || other.latencies.length === 0) continue;
        throughput.push(other.latencies.length / other.seconds / (off.latencies.length / off.seconds));
        p50.push(summariseLatency(other.latencies).p50Ms - summariseLatency(off.latencies).p50Ms);
      }
      return `throughput ${signed((median(throughput) - 1) * 100, 1)} %, p50 ${signed(median(p50), 3)} ms (median of ${throughput.length} rounds)`;
    };
    const cpuPerRead = (side: Side) =>
      Number.isNaN(cpuMs[side]) ? NaN : (cpuMs[side] * 1000) / summary[side].requests;
    const versusOff = (side: Side) => {
      const s = summary[side];
      const cpu = Number.isNaN(cpuPerRead(side))
        ? ''
        : `, CPU per read ${signed(((cpuPerRead(side) - cpuPerRead('off')) / cpuPerRead('off')) * 100, 1)} %`;
      return (
        `vs off: p50 ${signed(s.latency.p50Ms - summary.off.latency.p50Ms)} ms, p99 ${signed(s.latency.p99Ms - summary.off.latency.p99Ms)} ms, ` +
        `throughput ${signed(((s.perSecond - summary.off.perSecond) / summary.off.perSecond) * 100, 1)} %${cpu}; per round: ${pairedWithOff(side)}`
      );
    };
    const label: Record<Side, string> = { off: 'audit off', on: 'audit on', control: 'audit off, control' };
    for (const side of sides) {
      const s = summary[side];
      const cpu = Number.isNaN(cpuPerRead(side))
        ? ''
        : `; API process CPU ${cpuPerRead(side).toFixed(0)} µs per read (all its threads)`;
      report.record({
        bench: BENCH,
        name: `GET /v1/clients/:id, ${label[side]} (${CONCURRENCY} concurrent)`,
        store: 'sqlite',
        operations: s.requests,
        unit: 'requests',
        seconds: s.requests / s.perSecond,
        perSecond: s.perSecond,
        latency: s.latency,
        notes:
          `closed loop, ${CONCURRENCY} keep-alive connections, ${(rounds * SLICE_MS) / 1000} s per side in ${SLICE_MS} ms slices rotating with the other sides, ` +
          `after ${WARM_UP_MS / 1000} s warm-up; three APIs up side by side (WORKERS=none, projection built beforehand); ` +
          `${clientIds.length.toLocaleString('en-US')} clients, X-Purpose sent; ${s.errors} errors ${JSON.stringify(s.statuses)}${cpu}` +
          (side === 'on'
            ? `; access log after SIGTERM holds ${recorded.toLocaleString('en-US')} entries for ${auditedOk.toLocaleString('en-US')} 200 answers (${recorded === auditedOk ? 'all recorded' : 'MISMATCH'}); cost ${versusOff('on')}`
            : side === 'control'
              ? `; a second API with the audit off: the bench's own noise floor ${versusOff('control')}`
              : '; AUDIT_ENABLED=false (bench/test switch, refused in production)'),
      });
    }
    if (recorded !== auditedOk)
      throw new Error(`the access log holds ${recorded} entries for ${auditedOk} audited 200 answers`);
    const errors = sides.reduce((sum, side) => sum + summary[side].errors, 0);
    if (errors > 0)
      throw new Error(
        `not every answer was 200: ${JSON.stringify(Object.fromEntries(sides.map((side) => [side, summary[side].statuses])))}`,
      );

    // ---- 3. the writer alone ---------------------------------------------------------------------
    await writerCase(report, join(dir, 'writer.audit.sqlite'));
    await pacedCpuCase(report, join(dir, 'paced.audit.sqlite'));
  } finally {
    for (const child of apis) await stop(child);
    process.removeListener('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The batching writer on its own: 200,000 entries recorded one read at a time (as reads would),
 * written in batches of 500 by the SQLite store's writer thread (the knobs above change these). A
 * table grown large with clients at random is the hard case: each entry lands in its client's
 * page of the log's key (see sqlite-access-log.schema.ts). Latency columns: one batch from
 * hand-off to commit (synchronous=FULL). What the API's event loop pays is the hand-off (copying
 * the batch to the thread) and `record()`, both in the notes.
 */
async function writerCase(report: BenchReport, path: string): Promise<void> {
  const sqlite = new SqliteAuditStore(path);
  const batchMs: number[] = [];
  const handOffMs: number[] = [];
  const timed: AuditStore = {
    append: async (entries: readonly AccessLogEntry[]) => {
      const started = performance.now();
      const written = sqlite.append(entries);
      handOffMs.push(performance.now() - started);
      await written;
      batchMs.push(performance.now() - started);
    },
    readByClient: (clientId: string, options: Readonly<{ limit: number }>): Promise<AccessLogPage> =>
      sqlite.readByClient(clientId, options),
    close: () => sqlite.close(),
  };
  const writer = new AuditWriter(timed, {
    flushMs: 100,
    batchSize: WRITER_BATCH,
    maxBacklog: Math.max(1_000_000, WRITER_ENTRIES),
  });
  const random = mulberry32(2_026);
  const now = Date.now();
  const started = performance.now();
  let recordMs = 0;
  for (let read = 0, i = 0; i < WRITER_ENTRIES; read++) {
    const entries: AccessLogEntry[] = [];
    for (const end = Math.min(WRITER_ENTRIES, i + WRITER_PER_READ); i < end; i++) {
      entries.push({
        id: uuidLike(i),
        at: now + read,
        userId: `u-${read % 300}`,
        role: 'relationship_manager',
        clientId: uuidLike(1_000_000 + (WRITER_CLIENTS === null ? i % 5_000 : Math.floor(random() * WRITER_CLIENTS))),
        route: '/v1/clients/:id',
        purpose: read % 3 === 0 ? 'annual review' : null,
      });
    }
    const t = performance.now();
    writer.record(entries);
    recordMs += performance.now() - t;
    // Let the writer run between "requests", as it would between reads.
    if (read % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  // Everything written before the clock stops: close() alone gives up after its timeout, which a
  // large backlog outlasts.
  await writer.flush();
  await writer.close();
  const seconds = (performance.now() - started) / 1000;
  await sqlite.close();
  const handOff = summariseLatency(handOffMs);
  report.record({
    bench: BENCH,
    name: `batching writer alone (${WRITER_BATCH.toLocaleString('en-US')}/batch)`,
    store: 'sqlite (FULL)',
    operations: WRITER_ENTRIES,
    unit: 'entries',
    seconds,
    perSecond: WRITER_ENTRIES / seconds,
    latency: summariseLatency(batchMs),
    notes:
      `${WRITER_ENTRIES.toLocaleString('en-US')} entries naming ${WRITER_CLIENTS === null ? '5,000 clients in turn' : `one of ${WRITER_CLIENTS.toLocaleString('en-US')} clients at random`}, ${WRITER_PER_READ} a read; ` +
      `latency columns: one batch (${batchMs.length} of them) from hand-off to commit in the writer thread, synchronous=FULL; ` +
      `on the event loop: hand-off p50 ${handOff.p50Ms.toFixed(3)} ms / p99 ${handOff.p99Ms.toFixed(3)} ms per batch, ` +
      `record() ${((recordMs / WRITER_ENTRIES) * 1000).toFixed(2)} µs per entry`,
  });
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0
    ? NaN
    : sorted.length % 2 === 1
      ? sorted[middle]
      : (sorted[middle - 1] + sorted[middle]) / 2;
};
/**
 * The audit's CPU per read, measured where the machine's noise cannot hide it: this process records
 * one entry per "read" at 1,000 reads/s (the default flush: ~100 entries a batch) for a few
 * seconds, and the CPU it used (main thread and writer thread, user and system) is compared with
 * the same paced loop recording nothing.
 */
async function pacedCpuCase(report: BenchReport, path: string): Promise<void> {
  const sqlite = new SqliteAuditStore(path);
  const writer = new AuditWriter(sqlite, { flushMs: 100, batchSize: 500, maxBacklog: 1_000_000 });
  const entryFor = (n: number): AccessLogEntry => ({
    id: v7(),
    at: Date.now(),
    userId: 'bench',
    role: 'relationship_manager',
    clientId: uuidLike(1_000_000 + (n % 2_000)),
    route: '/v1/clients/:id',
    purpose: 'bench: periodic review',
  });
  writer.record([entryFor(0)]);
  await writer.flush(); // the writer thread is started and warm
  const paced = async (work: (n: number) => void): Promise<{ cpuMicros: number; count: number }> => {
    const cpu = process.cpuUsage();
    const started = Date.now();
    let count = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.floor(((Date.now() - started) / 1000) * PACED_RATE);
        while (count < due) work(count++);
        if (Date.now() - started < PACED_MS) setTimeout(tick, 1);
        else resolve();
      };
      tick();
    });
    const used = process.cpuUsage(cpu);
    return { cpuMicros: used.user + used.system, count };
  };
  const audited = await paced((n) => writer.record([entryFor(n)]));
  await writer.flush();
  const idle = await paced(() => undefined);
  await writer.close();
  await sqlite.close();
  const perEntry = (audited.cpuMicros - idle.cpuMicros) / audited.count;
  report.record({
    bench: BENCH,
    name: `audit path CPU at ${PACED_RATE.toLocaleString('en-US')} reads/s`,
    store: 'sqlite (FULL)',
    operations: audited.count,
    unit: 'entries',
    seconds: PACED_MS / 1000,
    perSecond: audited.count / (PACED_MS / 1000),
    notes:
      `${perEntry.toFixed(1)} µs of CPU per recorded read (uuid, record, hand-off, insert and commit in the writer thread, fsync), ` +
      `above the same paced loop recording nothing; compare with the API's CPU per read in the cases above`,
  });
}

const uuidLike = (n: number): string => `0190a4c2-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const signed = (value: number, digits = 3): string => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;

const combine = (runs: readonly Run[]) => {
  const latencies = runs.flatMap((run) => run.latencies);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const statuses: Record<string, number> = {};
  for (const run of runs)
    for (const [key, count] of Object.entries(run.statuses)) statuses[key] = (statuses[key] ?? 0) + count;
  return {
    latency: summariseLatency(latencies),
    perSecond: latencies.length / seconds,
    requests: latencies.length,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    statuses,
  };
};

/**
 * CPU time (user + system, every thread) a process has used, from /proc; NaN where there is none.
 * Less sensitive than throughput to what else the machine runs: it is what each read costs.
 */
const cpuTimeMs = (pid: number | undefined): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from the state field (3), in clock ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
};
/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from Node). */
const CLOCK_TICKS = 100;

const countAccessLog = (path: string): number => {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM access_log').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

type Started = { child: ChildProcess; port: number; exited: () => string | null };

function startApi(dir: string, sqlitePath: string, port: number, mode: Mode, workers: 'projector' | 'none'): Started {
  const tail: string[] = [];
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=64', join(__dirname, '..', '..', 'apps', 'crm-api', 'src', 'main.js')],
    {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        EVENT_STORE: 'sqlite',
        SQLITE_PATH: sqlitePath,
        READ_MODEL_PATH: join(dir, 'crm.read-models.sqlite'),
        LOG_LEVEL: 'warn',
        AUTH_DEV_TOKENS: 'true',
        WORKERS: workers,
        // The per-user rate limit would answer most of a one-user load with 429.
        RATE_LIMIT_PER_MINUTE: '0',
        AUDIT_ENABLED: mode === 'on' ? 'true' : 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (chunk: Buffer) => {
    tail.push(chunk.toString());
    if (tail.length > 40) tail.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `API exited (code ${String(code)}, signal ${String(signal)}): ${tail.join('').slice(-2000)}`;
  });
  return { child, port, exited: () => exited };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls /health/ready until the projector's checkpoint is at the store head. */
async function waitForCatchUp(base: Base, started: Started, report: BenchReport): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const failure = started.exited();
    if (failure !== null) throw new Error(failure);
    if (Date.now() > deadline) throw new Error('the API did not start and catch up in time');
    try {
      const answer = await call(undefined, base, 'GET', '/health/ready', null);
      const details = (
        JSON.parse(answer.body) as { details?: { projector?: { checkpoint?: string }; eventStore?: { head?: string } } }
      ).details;
      const checkpoint = details?.projector?.checkpoint;
      const head = details?.eventStore?.head;
      if (checkpoint !== undefined && head !== undefined) {
        report.progress(`${BENCH}: API projecting (events)`, Number(checkpoint), Number(head));
        if (checkpoint === head && BigInt(head) > 0n) return;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
}

/** Polls /health/ready until it answers 200. */
async function waitForReady(base: Base, started: Started): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const failure = started.exited();
    if (failure !== null) throw new Error(failure);
    if (Date.now() > deadline) throw new Error('the API did not start in time');
    try {
      if ((await call(undefined, base, 'GET', '/health/ready', null)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
}

async function devToken(base: Base): Promise<string> {
  const answer = await call(undefined, base, 'POST', '/v1/dev/tokens', null, { sub: 'bench', role: 'admin' });
  if (answer.status !== 201) throw new Error(`dev token: ${answer.status} ${answer.body.slice(0, 300)}`);
  return (JSON.parse(answer.body) as { token: string }).token;
}

type Answer = Readonly<{ status: number; body: string }>;

const call = (
  agent: Agent | undefined,
  base: Base,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        ...base,
        method,
        path,
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          ...headers,
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
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

/** `CONCURRENCY` callers, each sending its next GET when the previous answer arrives, for `ms`. */
async function closedLoop(agent: Agent, base: Base, token: string, path: () => string, ms: number): Promise<Run> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let ok = 0;
  const start = performance.now();
  const end = start + ms;
  const caller = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      try {
        const answer = await call(agent, base, 'GET', path(), token, undefined, {
          'x-purpose': 'bench: periodic review',
        });
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.status === 200) {
          ok += 1;
          latencies.push(performance.now() - sent);
        } else errors += 1;
      } catch {
        statuses.error = (statuses.error ?? 0) + 1;
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
  return { latencies, seconds: (performance.now() - start) / 1000, ok, errors, statuses };
}

/** SIGTERM (the app flushes its audit batch on shutdown), then SIGKILL if it has not gone within 10 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}
