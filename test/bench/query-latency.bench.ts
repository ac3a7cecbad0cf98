import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '@crm/event-store';
// By path, not through the @crm/testing barrel, which also holds jest-only helpers.
import {
  appendRealisticClientData,
  mulberry32,
  RealisticClientData,
} from '../../libs/testing/src/realistic-client-data';
import { call, devToken, startApi, waitForCatchUp, type ApiProcess, type Base } from './api-process';
import { npmStartLaunch } from './npm-start-launch';
import { openLoop } from './open-loop';
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
/** Sockets the load generator may open; requests beyond them queue in the agent (and that wait counts). */
const MAX_SOCKETS = 32;

type Case = Readonly<{
  name: string;
  rate: number;
  /** The design's latency aim, where it sets one. */
  p99TargetMs?: number;
  path: (random: () => number) => string;
  /** The route may not exist yet (built in parallel): a 404 on the first request skips the case. */
  optional: boolean;
  why: string;
  /** How long the case is measured (MEASURE_MS unless it must span something longer). */
  measureMs?: number;
}>;

/** Longer than the API's RISK_SWEEP_INTERVAL_MS (60 s by default), so one clock sweep falls inside. */
const SWEEP_SPAN_MS = 65_000;

export async function queryLatencyBench(report: BenchReport): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-query-'));
  const sqlitePath = join(dir, 'crm.sqlite');
  let api: ApiProcess | null = null;
  const killOnExit = () => api?.child.kill('SIGKILL');
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

    // ---- 2. the API, projecting from scratch ------------------------------------------------
    const projectionStarted = performance.now();
    api = await startApi(
      {
        EVENT_STORE: 'sqlite',
        SQLITE_PATH: sqlitePath,
        READ_MODEL_PATH: join(dir, 'crm.read-models.sqlite'),
        LOG_LEVEL: 'warn',
        WORKERS: 'all',
      },
      // With the heap settings `npm start` ships (as the http, memory and soak benches): latency is
      // the deployed API's, young-generation size included.
      process.env.BENCH_API_NODE_FLAGS?.split(' ').filter(Boolean) ?? npmStartLaunch().nodeFlags,
    );
    const base = api.base;
    const head = await waitForCatchUp(api, report, BENCH, events);
    const projectionSeconds = (performance.now() - projectionStarted) / 1000;
    report.record({
      bench: BENCH,
      name: 'API start + projector and risk monitor catch-up',
      store: 'sqlite',
      operations: Number(head),
      unit: 'events',
      seconds: projectionSeconds,
      perSecond: Number(head) / projectionSeconds,
      notes:
        "from process start until /health/ready shows the projector's and the risk monitor's checkpoints at the store head (includes ~1–2 s boot)",
    });

    const token = await devToken(base);

    // ---- 3. corporate groups: the generator forms none, so some are formed through the API ------
    const groupIds = await formGroups(base, token, clientIds, report);
    // The groups' writes are followed by the projector and the risk monitor (the group rules) too.
    await waitForCatchUp(api, report, BENCH, events);

    // ---- 4. open-loop load per query ---------------------------------------------------------
    const managerIds = data.managers.map((m) => m.managerId);
    const cases: Case[] = [
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
        name: 'GET /v1/managers/:id/agenda',
        rate: 200,
        p99TargetMs: 20,
        optional: true,
        path: (random) => `/v1/managers/${managerIds[Math.floor(random() * managerIds.length)]}/agenda`,
        why: `the week ahead of one of ${managerIds.length} managers (their follow-ups due, overdue ones, core clients out of coverage); like the portfolio, 200/s is a start-of-day burst with two orders of margin`,
      },
      {
        name: 'GET /v1/client-groups/:id',
        rate: 200,
        p99TargetMs: 20,
        optional: true,
        path: (random) => `/v1/client-groups/${groupIds[Math.floor(random() * groupIds.length)]}`,
        why: `one of ${groupIds.length} groups of ${GROUP_SIZE} clients with its exposure summed from the members' views; a credit review opens a group a few times, 200/s is a burst with margin`,
      },
      {
        name: 'GET /v1/branches/:id/dashboard',
        rate: 50,
        optional: true,
        path: (random) => `/v1/branches/${data.branchIds[Math.floor(random() * data.branchIds.length)]}/dashboard`,
        why: `${data.branchIds.length} branch heads plus regional staff refreshing every few seconds stays under 50/s; each answer aggregates a branch of ~${Math.round(CLIENTS / data.branchIds.length).toLocaleString('en-US')} clients`,
      },
      {
        name: 'GET /health/live, a clock sweep inside',
        rate: 200,
        p99TargetMs: 20,
        optional: false,
        path: () => '/health/live',
        measureMs: SWEEP_SPAN_MS,
        why: `the cheapest route for ${SWEEP_SPAN_MS / 1000} s, longer than the risk monitor's sweep interval: its tail is what the process's own background work (the clock sweep first) does to every request`,
      },
    ];
    const agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS });
    try {
      for (const [index, item] of cases.entries()) {
        const random = mulberry32(SEED + index);
        const probe = await call(agent, base, 'GET', item.path(random), token);
        if (probe.status === 404 && item.optional) {
          report.record({
            bench: BENCH,
            name: `${item.name} — skipped`,
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
          rate: item.rate,
          warmUpMs: WARM_UP_MS,
          measureMs: item.measureMs ?? MEASURE_MS,
          next: () => ({ method: 'GET', path: item.path(random), headers: { authorization: `Bearer ${token}` } }),
          label: `${BENCH}: ${item.name}`,
          report,
        });
        const latency = summariseLatency(result.latencies);
        const p99 =
          item.p99TargetMs === undefined
            ? ''
            : `; p99 target < ${item.p99TargetMs} ms: ${latency.p99Ms < item.p99TargetMs ? 'met' : 'NOT met'}`;
        report.record({
          bench: BENCH,
          name: `${item.name} @ ${item.rate}/s`,
          store: 'sqlite',
          operations: result.latencies.length,
          unit: 'requests',
          seconds: result.seconds,
          perSecond: result.latencies.length / result.seconds,
          latency,
          // The table's rate column: served at least 99 % of the offered rate (p99 verdict in the notes).
          ...(item.p99TargetMs === undefined ? {} : { target: item.rate * 0.99 }),
          notes: `open loop ${item.rate}/s for ${(item.measureMs ?? MEASURE_MS) / 1000} s after ${WARM_UP_MS / 1000} s warm-up (${item.why}); ${result.errors} errors ${JSON.stringify(result.statuses)}${p99}; load generator and API share the machine's cores`,
        });
      }
    } finally {
      agent.destroy();
    }
  } finally {
    if (api !== null) await api.stop();
    process.removeListener('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  }
}

const GROUPS = 500;
const GROUP_SIZE = 5;

/**
 * Forms GROUPS groups of GROUP_SIZE clients (a parent and its members, clients no group holds
 * yet) through the API, and waits until the read models hold the last of them; returns their ids.
 */
async function formGroups(
  base: Base,
  token: string,
  clientIds: readonly string[],
  report: BenchReport,
): Promise<string[]> {
  const manager = 'M-BENCH-GROUPS';
  const registered = await call(undefined, base, 'POST', '/v1/managers', token, {
    managerId: manager,
    name: 'Bench group manager',
    branchId: 'BR-BENCH',
    level: 'senior',
  });
  if (registered.status !== 201)
    throw new Error(`group manager: ${registered.status} ${registered.body.slice(0, 300)}`);
  const groupIds: string[] = [];
  let position = '0';
  const written = (answer: Awaited<ReturnType<typeof call>>, what: string): void => {
    if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${answer.body.slice(0, 300)}`);
    position = (JSON.parse(answer.body) as { position: string }).position;
  };
  // Every 7th client from the start: spread over branches and ages, none twice.
  for (let group = 0; group < GROUPS; group++) {
    const members = Array.from({ length: GROUP_SIZE }, (_, index) => clientIds[(group * GROUP_SIZE + index) * 7]);
    const [parent, ...rest] = members;
    written(
      await call(undefined, base, 'POST', '/v1/client-groups', token, {
        name: `Bench group ${group}`,
        parentClientId: parent,
        managerId: manager,
      }),
      'form group',
    );
    for (const member of rest) {
      written(
        await call(undefined, base, 'POST', `/v1/client-groups/${parent}/members`, token, { clientId: member }),
        'add member',
      );
    }
    groupIds.push(parent);
    report.progress('query-latency: forming groups', group + 1, GROUPS);
  }
  const settled = await call(
    undefined,
    base,
    'GET',
    `/v1/client-groups/${groupIds[groupIds.length - 1]}?minPosition=${position}`,
    token,
  );
  if (settled.status !== 200) throw new Error(`groups not projected: ${settled.status} ${settled.body.slice(0, 300)}`);
  return groupIds;
}
