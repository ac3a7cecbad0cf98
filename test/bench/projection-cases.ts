import type { EventStore, PersonalDataOpener } from '@crm/event-store';
import {
  ClientReadModelsProjector,
  DEFAULT_CATCH_UP_BATCH_SIZE,
  ProjectionRunner,
  type ReadModelStore,
} from '@crm/read-models';
// By path, not through the @crm/testing barrel, which also holds jest-only helpers.
import { appendClientEventMix, generateClientEventMix } from '../../libs/testing/src/client-event-mix';
import type { BenchReport } from './report';
import { withTempEncryptedSqliteStore, withTempSqliteStore } from './temp-store';

/** The log every projection bench replays: 100,000 events over 2,000 clients and 100 managers. */
export const EVENTS = 100_000;
const CLIENTS = 2_000;
const MANAGERS = 100;

export async function withClientEventLog(
  report: BenchReport,
  bench: string,
  use: (events: EventStore) => Promise<void>,
): Promise<void> {
  await withTempSqliteStore(async (events) => {
    await loadClientEventLog(report, bench, events);
    await use(events);
  });
}

/** The same log appended through the crypto-shredding layer, so its personal fields are sealed. */
export async function withEncryptedClientEventLog(
  report: BenchReport,
  bench: string,
  use: (events: EventStore) => Promise<void>,
): Promise<void> {
  await withTempEncryptedSqliteStore(async (events) => {
    await loadClientEventLog(report, `${bench} (encrypted)`, events);
    await use(events);
  });
}

async function loadClientEventLog(report: BenchReport, label: string, events: EventStore): Promise<void> {
  const mix = generateClientEventMix({ clients: CLIENTS, managers: MANAGERS, events: EVENTS, seed: 2024 });
  await appendClientEventMix(events, mix, 5_000, (done) => report.progress(`${label}: loading`, done, EVENTS));
}

/**
 * Times a rebuild into `store`: subscription from 0 through the projector until caught up with the
 * head. An encrypting store's log is read as the apps' projector reads it (readModelCrypto: sealed
 * fields as tokens, names opened for the search index).
 */
export async function timeRebuild(
  events: EventStore,
  store: ReadModelStore,
  batchSize: number,
  opener?: PersonalDataOpener,
): Promise<number> {
  const runner = new ProjectionRunner(events, store, new ClientReadModelsProjector(store, undefined, { opener }), {
    catchUpBatchSize: batchSize,
  });
  const started = process.hrtime.bigint();
  await runner.rebuild();
  await runner.start();
  await runner.caughtUp();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await runner.stop();
  return seconds;
}

export function recordRebuild(
  report: BenchReport,
  options: Readonly<{
    bench: string;
    store: string;
    batchSize: number;
    seconds: number;
    target?: number;
    /** How the log is read, when not straight from the adapter: "through the encrypting store". */
    path?: string;
    notes: string;
  }>,
): void {
  const { batchSize, seconds } = options;
  const path = options.path === undefined ? '' : ` ${options.path}`;
  report.record({
    bench: options.bench,
    name: `client-view${path}, catch-up batch ${batchSize}${batchSize === DEFAULT_CATCH_UP_BATCH_SIZE ? ' (default)' : ''}`,
    store: options.store,
    operations: EVENTS,
    unit: 'events',
    seconds,
    perSecond: EVENTS / seconds,
    target: options.target,
    notes: `${CLIENTS} clients, ${MANAGERS} managers; ${options.notes}`,
  });
}
