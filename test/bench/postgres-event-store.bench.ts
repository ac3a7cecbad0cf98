import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { clientDecider, clientStreamId, type ClientState, type LogContact, type ManagerSnapshot, type RegisterProspect } from '@crm/domain';
import { handleCommand, PostgresEventStore, StreamStateCache, type CommandContext, type NewEvent } from '@crm/event-store';
import { summariseLatency, type BenchReport } from './report';

/** The bench build leaves libs/testing out, so the URL default is repeated here. */
const DATABASE_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const COMMANDS = 20_000;
const CLIENTS = 1_000;
const CONCURRENCY = 16;
const RAW_EVENTS = 100_000;
const RAW_CONCURRENCY = 64;
const SEQUENTIAL_APPENDS = 2_000;
const PAGE_SIZE = 1_000;
const STORE = 'postgres';

const actor = { userId: 'rm-001', role: 'relationship_manager' } as const;
const context: CommandContext = { correlationId: 'bench-correlation', causationId: 'bench-causation', actor };
const manager: ManagerSnapshot = { managerId: 'M-1', name: 'Bench Manager', branchId: 'BR-1', level: 'senior', active: true };
const NOW = '2026-06-01T00:00:00.000Z';

const clientId = (n: number): string => `00000000-0000-4000-8000-${String(n % CLIENTS).padStart(12, '0')}`;

const register = (n: number): RegisterProspect => ({
  type: 'RegisterProspect',
  data: {
    clientId: clientId(n), branchId: 'BR-1', segment: 'sme', industry: 'retail', legalName: `Client ${n}`,
    registrationNo: `REG-${n}`, contact: { phone: '+8612345678' }, source: 'bench',
  },
  metadata: { now: NOW, actor },
});

const logContact = (n: number): LogContact => ({
  type: 'LogContact',
  data: {
    contactId: `contact-${n}`, managerId: manager.managerId, manager, channel: 'call', purpose: 'consultation',
    summary: `call ${n}`, occurredAt: NOW,
  },
  metadata: { now: NOW, actor },
});

const rawEvent = (n: number): NewEvent => ({
  eventId: uuidv7(),
  type: 'ContactLogged',
  data: {
    contactId: `contact-${n}`,
    managerId: `manager-${n % 50}`,
    channel: 'visit',
    purpose: 'relationship',
    summary: 'Quarterly review of the working-capital facility; client plans to expand the Suzhou plant.',
    occurredAt: '2024-06-01T09:30:00.000Z',
  },
  metadata: {
    occurredAt: '2024-06-01T09:30:00.000Z',
    correlationId: 'bench-correlation',
    causationId: 'bench-causation',
    actor: { userId: 'rm-001', role: 'relationship_manager' },
  },
  schemaVersion: 1,
});

/**
 * The PostgreSQL store on a fresh schema (dropped at the end): commands through handleCommand
 * with the client decider and the API's state cache, one at a time and 16 in flight, each on its
 * own schema of 1,000 registered clients; raw appends; then the global log read in pages.
 */
export async function postgresEventStoreBench(report: BenchReport): Promise<void> {
  for (const concurrency of [1, CONCURRENCY]) {
    await withTempSchema(async (store) => {
      const cache = new StreamStateCache<ClientState>();
      await inParallel(CLIENTS, CONCURRENCY, (n) => handleCommand(store, clientStreamId(clientId(n)), clientDecider, register(n), context, { cache }));
      await runCommands(report, store, concurrency, cache);
    });
  }
  await withTempSchema(async (store) => {
    await appendSequential(report, store);
    await appendConcurrent(report, store);
    await readGlobalLog(report, store);
  });
}

async function runCommands(report: BenchReport, store: PostgresEventStore, concurrency: number, cache: StreamStateCache<ClientState>): Promise<void> {
  const name = `${concurrency === 1 ? 'sequential' : `${concurrency} concurrent`}, state cache`;
  const label = `command-handling ${name}`;
  const latencies = new Float64Array(COMMANDS);
  const started = process.hrtime.bigint();
  await inParallel(COMMANDS, concurrency, async (n) => {
    const t = process.hrtime.bigint();
    // Consecutive commands go to different clients, so in-flight commands rarely share a stream.
    await handleCommand(store, clientStreamId(clientId(n)), clientDecider, logContact(n), context, { cache });
    latencies[n] = Number(process.hrtime.bigint() - t) / 1e6;
    if (n % 500 === 0) report.progress(label, n, COMMANDS);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.progress(label, COMMANDS, COMMANDS);
  report.record({
    bench: 'command-handling',
    name,
    store: STORE,
    operations: COMMANDS,
    unit: 'commands',
    seconds,
    perSecond: COMMANDS / seconds,
    latency: summariseLatency(latencies),
    target: concurrency === 1 ? undefined : 3_000,
    notes: `client decider LogContact, ${CLIENTS} clients, group commit, synchronous_commit on`,
  });
}

async function appendSequential(report: BenchReport, store: PostgresEventStore): Promise<void> {
  const latencies = new Float64Array(SEQUENTIAL_APPENDS);
  const started = process.hrtime.bigint();
  for (let n = 0; n < SEQUENTIAL_APPENDS; n++) {
    const t = process.hrtime.bigint();
    await store.appendToStream(`seq-${n % CLIENTS}`, [rawEvent(n)], { expectedRevision: 'any' });
    latencies[n] = Number(process.hrtime.bigint() - t) / 1e6;
    if (n % 500 === 0) report.progress('append sequential', n, SEQUENTIAL_APPENDS);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.record({
    bench: 'event-store',
    name: 'append, sequential',
    store: STORE,
    operations: SEQUENTIAL_APPENDS,
    unit: 'events',
    seconds,
    perSecond: SEQUENTIAL_APPENDS / seconds,
    latency: summariseLatency(latencies),
    notes: 'one durable commit per append',
  });
}

async function appendConcurrent(report: BenchReport, store: PostgresEventStore): Promise<void> {
  const latencies = new Float64Array(RAW_EVENTS);
  const label = `append ${RAW_CONCURRENCY} concurrent`;
  const started = process.hrtime.bigint();
  await inParallel(RAW_EVENTS, RAW_CONCURRENCY, async (n) => {
    const t = process.hrtime.bigint();
    await store.appendToStream(`client-${n % CLIENTS}`, [rawEvent(n)], { expectedRevision: 'any' });
    latencies[n] = Number(process.hrtime.bigint() - t) / 1e6;
    if (n % 2_000 === 0) report.progress(label, n, RAW_EVENTS);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.record({
    bench: 'event-store',
    name: `append, ${RAW_CONCURRENCY} concurrent`,
    store: STORE,
    operations: RAW_EVENTS,
    unit: 'events',
    seconds,
    perSecond: RAW_EVENTS / seconds,
    latency: summariseLatency(latencies),
    notes: 'single-event appends, group commit',
  });
}

async function readGlobalLog(report: BenchReport, store: PostgresEventStore): Promise<void> {
  const total = Number(await store.headPosition());
  let read = 0;
  let after = 0n;
  const started = process.hrtime.bigint();
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE_SIZE });
    if (page.length === 0) break;
    read += page.length;
    after = page[page.length - 1].position;
    if (read % 20_000 === 0) report.progress('readAll', read, total);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.record({
    bench: 'event-store',
    name: `readAll, pages of ${PAGE_SIZE}`,
    store: STORE,
    operations: read,
    unit: 'events',
    seconds,
    perSecond: read / seconds,
    target: 60_000,
    notes: 'jsonb data and metadata parsed, gap-safe visibility filter',
  });
}

/** Runs `work(0 … count-1)` with at most `concurrency` in flight. */
async function inParallel(count: number, concurrency: number, work: (n: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < count; n = next++) await work(n);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function withTempSchema(use: (store: PostgresEventStore) => Promise<void>): Promise<void> {
  const schema = `crm_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const store = await PostgresEventStore.open({ connectionString: DATABASE_URL, schema });
  try {
    await use(store);
  } finally {
    await store.close();
    const admin = new Client({ connectionString: DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await admin.end();
    }
  }
}
