import { v7 as uuidv7 } from 'uuid';
import type { EventStore, NewEvent } from '@crm/event-store';
import { summariseLatency, type BenchReport } from './report';
import { withTempSqliteStore } from './temp-store';

const EVENTS = 100_000;
const SEQUENTIAL_APPENDS = 5_000;
const CONCURRENCY = 64;
const STREAMS = 1_000;
const PAGE_SIZE = 1_000;

const newEvent = (n: number): NewEvent => ({
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

/** Raw appends (no load/decide) one at a time and 64 in flight, then a full read of the global log. */
export async function sqliteEventStoreBench(report: BenchReport): Promise<void> {
  await withTempSqliteStore(async (store) => {
    await appendSequential(report, store);
    await appendConcurrent(report, store);
    await readGlobalLog(report, store);
  });
}

async function appendSequential(report: BenchReport, store: EventStore): Promise<void> {
  const latencies = new Float64Array(SEQUENTIAL_APPENDS);
  const started = process.hrtime.bigint();
  for (let n = 0; n < SEQUENTIAL_APPENDS; n++) {
    const t = process.hrtime.bigint();
    await store.appendToStream(`seq-${n % STREAMS}`, [newEvent(n)], { expectedRevision: 'any' });
    latencies[n] = Number(process.hrtime.bigint() - t) / 1e6;
    if (n % 500 === 0) report.progress('append sequential', n, SEQUENTIAL_APPENDS);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.record({
    bench: 'event-store',
    name: 'append, sequential',
    store: 'sqlite',
    operations: SEQUENTIAL_APPENDS,
    unit: 'events',
    seconds,
    perSecond: SEQUENTIAL_APPENDS / seconds,
    latency: summariseLatency(latencies),
    notes: 'one durable commit per append (fsync-bound)',
  });
}

async function appendConcurrent(report: BenchReport, store: EventStore): Promise<void> {
  const latencies = new Float64Array(EVENTS);
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < EVENTS; n = next++) {
      const t = process.hrtime.bigint();
      await store.appendToStream(`client-${n % STREAMS}`, [newEvent(n)], { expectedRevision: 'any' });
      latencies[n] = Number(process.hrtime.bigint() - t) / 1e6;
      if (n % 2_000 === 0) report.progress(`append ${CONCURRENCY} concurrent`, n, EVENTS);
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.record({
    bench: 'event-store',
    name: `append, ${CONCURRENCY} concurrent`,
    store: 'sqlite',
    operations: EVENTS,
    unit: 'events',
    seconds,
    perSecond: EVENTS / seconds,
    latency: summariseLatency(latencies),
    notes: 'group commit',
  });
}

async function readGlobalLog(report: BenchReport, store: EventStore): Promise<void> {
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
    store: 'sqlite',
    operations: read,
    unit: 'events',
    seconds,
    perSecond: read / seconds,
    target: 100_000,
    notes: 'data and metadata parsed from JSON',
  });
}
