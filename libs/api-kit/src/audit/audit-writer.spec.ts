import type { AccessLogEntry } from './access-log';
import type { AuditStore } from './audit.store';
import { AuditWriter, type AuditWriterOptions } from './audit-writer';

/** A store that records each append (one transaction) and fails while `failing` is set. */
class FakeStore implements AuditStore {
  readonly batches: AccessLogEntry[][] = [];
  failing = false;
  hang: Promise<void> | null = null;
  attempts = 0;

  async append(entries: readonly AccessLogEntry[]): Promise<void> {
    this.attempts += 1;
    if (this.hang) await this.hang;
    if (this.failing) throw new Error('database unavailable');
    this.batches.push([...entries]);
  }
  async readByClient(): Promise<never> {
    throw new Error('not used');
  }
  async close(): Promise<void> {}

  get written(): string[] {
    return this.batches.flat().map((entry) => entry.id);
  }
}

let counter = 0;
const entry = (): AccessLogEntry => ({
  id: `e-${++counter}`,
  at: 1_700_000_000_000 + counter,
  userId: 'u-1',
  role: 'relationship_manager',
  clientId: 'c-1',
  route: '/v1/clients/:id',
  purpose: null,
});
const entries = (n: number) => Array.from({ length: n }, entry);

const logger = () => ({ error: jest.fn(), warn: jest.fn(), log: jest.fn() });

describe('AuditWriter', () => {
  let store: FakeStore;
  let writer: AuditWriter;
  let log: ReturnType<typeof logger>;
  const make = (options: Partial<AuditWriterOptions> = {}) => {
    log = logger();
    writer = new AuditWriter(store, {
      flushMs: 100,
      batchSize: 5,
      maxBacklog: 20,
      retryInitialMs: 100,
      retryMaxMs: 1_000,
      logger: log,
      ...options,
    });
    return writer;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    store = new FakeStore();
  });
  afterEach(async () => {
    store.failing = false;
    store.hang = null;
    await writer?.close();
    jest.useRealTimers();
  });

  it('writes nothing on record, then everything in one transaction once flushMs has passed', async () => {
    make();
    writer.record(entries(2));
    await jest.advanceTimersByTimeAsync(10);
    writer.record(entries(1));
    expect(store.batches).toHaveLength(0);
    expect(writer.stats.backlog).toBe(3);
    await jest.advanceTimersByTimeAsync(89);
    expect(store.batches).toHaveLength(0); // the first entry's deadline is what counts: 100 ms after it
    await jest.advanceTimersByTimeAsync(1);
    expect(store.batches.map((batch) => batch.length)).toEqual([3]);
    expect(writer.stats).toMatchObject({ backlog: 0, written: 3, failedWrites: 0 });
  });

  it('writes as soon as batchSize entries wait, without waiting for the timer', async () => {
    make();
    writer.record(entries(4));
    await jest.advanceTimersByTimeAsync(1);
    expect(store.batches).toHaveLength(0);
    writer.record(entries(1));
    await jest.advanceTimersByTimeAsync(1);
    expect(store.batches.map((batch) => batch.length)).toEqual([5]);
  });

  it('never writes more than batchSize entries per transaction, and keeps their order', async () => {
    make();
    const all = entries(12);
    writer.record(all);
    await jest.advanceTimersByTimeAsync(1);
    expect(store.batches.map((batch) => batch.length)).toEqual([5, 5, 2]);
    expect(store.written).toEqual(all.map((e) => e.id));
  });

  it('never makes record wait, even while a write hangs', async () => {
    make();
    let release: () => void = () => undefined;
    store.hang = new Promise((resolve) => (release = resolve));
    writer.record(entries(5));
    await jest.advanceTimersByTimeAsync(1);
    expect(store.attempts).toBe(1);
    for (let i = 0; i < 3; i++) expect(writer.record(entries(1))).toBeUndefined(); // synchronous: no promise to wait for
    expect(writer.stats.backlog).toBe(8);
    store.hang = null;
    release();
    await jest.advanceTimersByTimeAsync(1);
    // The three that came during the hung write went straight after it.
    expect(store.batches.map((batch) => batch.length)).toEqual([5, 3]);
  });

  it('retries a failed write with exponential backoff, logging each failure, and loses nothing', async () => {
    make();
    store.failing = true;
    const all = entries(3);
    writer.record(all);
    await jest.advanceTimersByTimeAsync(100);
    expect(store.attempts).toBe(1);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0][0]).toMatch(/failed \(1 in a row\).*3 entries held in memory.*retrying in 100 ms/);
    writer.record(entries(1)); // waits for the retry rather than hammering the failing store
    await jest.advanceTimersByTimeAsync(99);
    expect(store.attempts).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(store.attempts).toBe(2);
    expect(log.error.mock.calls[1][0]).toMatch(/retrying in 200 ms/);
    await jest.advanceTimersByTimeAsync(200);
    expect(store.attempts).toBe(3);
    expect(log.error.mock.calls[2][0]).toMatch(/retrying in 400 ms/);
    store.failing = false;
    await jest.advanceTimersByTimeAsync(400);
    expect(store.written).toEqual([...all.map((e) => e.id), `e-${counter}`]);
    expect(writer.stats).toMatchObject({ backlog: 0, written: 4, failedWrites: 3, consecutiveFailures: 0 });
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/recovered after 3 failed attempts/));
  });

  it('caps the backoff at retryMaxMs', async () => {
    make({ retryMaxMs: 300 });
    store.failing = true;
    writer.record(entries(1));
    await jest.advanceTimersByTimeAsync(100 + 100 + 200 + 300 + 300);
    expect(log.error.mock.calls.map((call) => /retrying in (\d+) ms/.exec(call[0])?.[1])).toEqual([
      '100',
      '200',
      '300',
      '300',
      '300',
    ]);
  });

  it('reports saturated at maxBacklog, keeps every entry past it, and clears once drained', async () => {
    make();
    store.failing = true;
    writer.record(entries(19));
    await jest.advanceTimersByTimeAsync(100);
    expect(writer.saturated).toBe(false);
    writer.record(entries(1));
    expect(writer.saturated).toBe(true);
    expect(log.error).toHaveBeenCalledWith(
      expect.stringMatching(/20 access-log entries are unwritten, at the bound of 20: client reads are refused/),
    );
    writer.record(entries(3)); // reads already served are still recorded: nothing is dropped
    expect(writer.stats.backlog).toBe(23);
    expect(writer.stats.lost).toBe(0);
    store.failing = false;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(writer.saturated).toBe(false);
    expect(store.written).toHaveLength(23);
    expect(new Set(store.written).size).toBe(23);
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/under its bound again/));
  });

  it('flush() writes at once what was recorded, and rejects (keeping the entries) when the store fails', async () => {
    make({ flushMs: 60_000 });
    writer.record(entries(2));
    await writer.flush();
    expect(store.batches.map((batch) => batch.length)).toEqual([2]);

    store.failing = true;
    writer.record(entries(2));
    await expect(writer.flush()).rejects.toThrow('database unavailable');
    expect(writer.stats.backlog).toBe(2);
    store.failing = false;
    await writer.flush(); // does not wait for the scheduled retry
    expect(store.written).toHaveLength(4);
  });

  it('close() writes what is left, bypassing the timer', async () => {
    make({ flushMs: 60_000 });
    writer.record(entries(7));
    await writer.close();
    expect(store.batches.map((batch) => batch.length)).toEqual([5, 2]);
    expect(writer.stats).toMatchObject({ backlog: 0, written: 7, lost: 0 });
  });

  it('close() gives up after closeAttempts against a failing store, counting and logging the loss', async () => {
    make({ flushMs: 60_000, closeAttempts: 3 });
    store.failing = true;
    writer.record(entries(4));
    const closing = writer.close();
    await jest.advanceTimersByTimeAsync(1_000);
    await closing;
    expect(store.attempts).toBe(3);
    expect(writer.stats).toMatchObject({ backlog: 0, written: 0, lost: 4 });
    expect(log.error).toHaveBeenLastCalledWith(
      expect.stringMatching(/4 access-log entries could not be written before shutdown and are lost/),
    );
    writer.record(entries(1));
    expect(writer.stats.lost).toBe(5);
  });

  it('close() gives up at closeTimeoutMs even while a write hangs', async () => {
    make({ closeTimeoutMs: 2_000 });
    store.hang = new Promise(() => undefined); // never answers
    writer.record(entries(5));
    await jest.advanceTimersByTimeAsync(1);
    const closing = writer.close();
    await jest.advanceTimersByTimeAsync(2_000);
    await closing;
    expect(writer.stats).toMatchObject({ backlog: 0, lost: 5 });
    store.hang = null;
  });

  it('close() waits for a write in flight', async () => {
    make();
    let release: () => void = () => undefined;
    store.hang = new Promise((resolve) => (release = resolve));
    writer.record(entries(5));
    await jest.advanceTimersByTimeAsync(1);
    const closing = writer.close();
    store.hang = null;
    release();
    await closing;
    expect(store.written).toHaveLength(5);
  });
});
