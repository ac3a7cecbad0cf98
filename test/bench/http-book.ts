import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encryptEventStore, SqliteEventStore } from '@crm/event-store';
import { DEV_DATA_KEY_SECRET } from '@crm/platform';
// By path, not through the @crm/testing barrel, which also holds jest-only helpers.
import { appendRealisticClientData, RealisticClientData } from '../../libs/testing/src/realistic-client-data';
import { waitForCatchUp, type ApiProcess } from './api-process';
import { BENCH } from './http-against-bare';
import type { BenchReport } from './report';

const SEED = 2026;
/** The risk monitor's checkpoint in the store (libs/risk, StoreLogRiskSource). */

/** What the read cases need to address a book: its size and ids, as generated (and cached). */
type BookContents = Readonly<{
  events: number;
  clientIds: readonly string[];
  managerIds: readonly string[];
  branchIds: readonly string[];
  /** What a user types into the search box: a legal name's first word and two letters more. */
  namePrefixes: readonly string[];
}>;

/** A realistic book of clients in a SQLite store, with where the API is to keep its read models. */
export type Book = BookContents & Readonly<{ sqlitePath: string; readModelPath: string }>;

/**
 * Generates the book (libs/testing's realistic generator: Pareto contributions, two years of
 * contacts, delinquencies) into a SQLite store in `dir`. Loading is set-up, not what is measured:
 * relaxed sync and one transaction per 8,192 appends; the API reopens the file durable.
 *
 * With a cache directory (BENCH_HTTP_BOOK_CACHE) the store file is kept there and copied on later
 * runs instead of generated again: a few seconds instead of minutes when iterating on a fix. A
 * cached book ends when it was generated, so arrears and due dates age with it; reference figures
 * come from a fresh one. The projection is always built anew by the API (its code is what changes).
 */
export async function seedBook(
  dir: string,
  clients: number,
  cacheDir: string | null,
  report: BenchReport,
): Promise<Book> {
  const paths = { sqlitePath: join(dir, 'book.sqlite'), readModelPath: join(dir, 'book.read-models.sqlite') };
  const cached = cacheDir === null ? null : join(cacheDir, `book-${clients}-${SEED}`);
  if (cached !== null && existsSync(`${cached}.json`)) {
    copyFileSync(`${cached}.sqlite`, paths.sqlitePath);
    process.stderr.write(`  ${BENCH}: the book from ${cached}.sqlite (BENCH_HTTP_BOOK_CACHE)\n`);
    return { ...(JSON.parse(readFileSync(`${cached}.json`, 'utf8')) as BookContents), ...paths };
  }
  const contents = await generateBook(paths.sqlitePath, clients, report);
  if (cached !== null) {
    mkdirSync(dirname(cached), { recursive: true });
    copyFileSync(paths.sqlitePath, `${cached}.sqlite`);
    // The description last, renamed into place: a run stopped half-way leaves no cache entry.
    writeFileSync(`${cached}.json.tmp`, JSON.stringify(contents));
    renameSync(`${cached}.json.tmp`, `${cached}.json`);
  }
  return { ...contents, ...paths };
}

async function generateBook(sqlitePath: string, clients: number, report: BenchReport): Promise<BookContents> {
  const data = new RealisticClientData({
    clients,
    seed: SEED,
    endAt: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(),
  });
  const clientIds: string[] = [];
  const namePrefixes: string[] = [];
  // Sealed as the API seals it (development master key, what npm start uses without DATA_KEY_SECRET),
  // so its reads pay for opening personal fields as a real book's would.
  const store = await encryptEventStore(
    SqliteEventStore.open(sqlitePath, { synchronous: 'NORMAL', maxGroupSize: 8192 }),
    { kind: 'sqlite', eventsPath: sqlitePath },
    { master: { secret: DEV_DATA_KEY_SECRET } },
  );
  const days = Math.round((data.end - data.start) / 86_400_000);
  const started = performance.now();
  let events = 0;
  try {
    events = await appendRealisticClientData(
      store,
      (function* collect() {
        for (const item of data.events()) {
          if (item.event.type === 'ProspectRegistered') {
            const { clientId, legalName } = item.event.data as { clientId: string; legalName: string };
            clientIds.push(clientId);
            if (clientIds.length % 97 === 0) namePrefixes.push(legalName.slice(0, legalName.indexOf(' ') + 3));
          }
          yield item;
        }
      })(),
      8192,
      (appended, last) =>
        report.progress(
          `${BENCH}: generating the book (simulated day; ${appended.toLocaleString('en-US')} events)`,
          Math.min(
            days,
            Math.max(0, Math.floor((Date.parse(last.event.metadata.occurredAt) - data.start) / 86_400_000)),
          ),
          days,
        ),
    );
  } finally {
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const shape = `${events.toLocaleString('en-US')} events, ${data.stats.clients.toLocaleString('en-US')} clients (${data.stats.converted.toLocaleString('en-US')} converted), ${data.branchIds.length} branches, ${data.managers.length} managers`;
  report.record({
    bench: BENCH,
    name: 'set-up: generate + append the book',
    store: 'sqlite (NORMAL)',
    operations: events,
    unit: 'events',
    seconds,
    perSecond: events / seconds,
    notes: `${shape}; generator and appends on one thread, one transaction per 8,192 appends`,
  });
  return {
    events,
    clientIds,
    managerIds: data.managers.map((manager) => manager.managerId),
    branchIds: data.branchIds,
    namePrefixes: namePrefixes.length > 0 ? namePrefixes : ['A'],
  };
}

/**
 * Waits for the API's projector and, when it runs there, its risk monitor (which follows the same
 * log from its own checkpoint, both shown in /health/ready) to reach the head, and records both:
 * measuring reads while either still catches up would measure the catch-up.
 */
export async function waitForWorkers(api: ApiProcess, book: Book, workers: string, report: BenchReport): Promise<void> {
  const started = performance.now();
  await waitForCatchUp(api, report, BENCH, book.events, { riskMonitor: false });
  const projected = (performance.now() - started) / 1000;
  report.record({
    bench: BENCH,
    name: 'set-up: API start + projection catch-up',
    store: 'sqlite',
    operations: book.events,
    unit: 'events',
    seconds: projected,
    perSecond: book.events / projected,
    notes: `from process start until /health/ready shows the projector checkpoint at the store head; WORKERS=${workers}`,
  });
  if (workers !== 'all' && !workers.split(',').includes('risk-monitor')) return;
  // Its checkpoint is in /health/ready; the alerts its catch-up raised are events too, so this
  // also waits for the projector to take them before anything is measured.
  await waitForCatchUp(api, report, BENCH, book.events);
  const seconds = (performance.now() - started) / 1000;
  report.record({
    bench: BENCH,
    name: 'set-up: risk monitor catch-up',
    store: 'sqlite',
    operations: book.events,
    unit: 'events',
    seconds,
    perSecond: book.events / seconds,
    notes:
      "from process start until /health/ready showed the risk monitor's checkpoint (and the projector's) at the head",
  });
}
