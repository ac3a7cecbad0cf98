import { v7 as uuidv7 } from 'uuid';
import type { EventStore, NewEvent } from '@crm/event-store';
import { summariseLatency, type BenchReport } from './report';

/**
 * Raw store cases shared by every adapter's bench, so their figures measure the same work:
 * appends without load/decide, one at a time and many in flight, and a full read of the log.
 */
export const PAGE_SIZE = 1_000;

export const rawEvent = (n: number): NewEvent => ({
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

/** Runs `work(0 … count-1)` with at most `concurrency` in flight. */
export async function inParallel(
  count: number,
  concurrency: number,
  work: (n: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < count; n = next++) await work(n);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export type AppendCase = Readonly<{
  store: string;
  appends: number;
  concurrency: number;
  streams: number;
  notes: string;
}>;

export async function appendEvents(report: BenchReport, store: EventStore, options: AppendCase): Promise<void> {
  const { appends, concurrency, streams } = options;
  const name = concurrency === 1 ? 'append, sequential' : `append, ${concurrency} concurrent`;
  const latencies = new Float64Array(appends);
  const started = process.hrtime.bigint();
  await inParallel(appends, concurrency, async (n) => {
    const t = process.hrtime.bigint();
    const prefix = concurrency === 1 ? 'seq' : 'client';
    await store.appendToStream(`${prefix}-${n % streams}`, [rawEvent(n)], { expectedRevision: 'any' });
    latencies[n] = Number(process.hrtime.bigint() - t) / 1e6;
    if (n % 2_000 === 0) report.progress(name, n, appends);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.record({
    bench: 'event-store',
    name,
    store: options.store,
    operations: appends,
    unit: 'events',
    seconds,
    perSecond: appends / seconds,
    latency: summariseLatency(latencies),
    notes: options.notes,
  });
}

export async function readGlobalLog(
  report: BenchReport,
  store: EventStore,
  options: Readonly<{ store: string; target: number; notes: string }>,
): Promise<void> {
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
    store: options.store,
    operations: read,
    unit: 'events',
    seconds,
    perSecond: read / seconds,
    target: options.target,
    notes: options.notes,
  });
}
