import type { AccessLogEntry } from './access-log';
import type { AuditStore } from './audit.store';

export interface AuditWriterLogger {
  error(message: string): void;
  warn(message: string): void;
  log(message: string): void;
}

export type AuditWriterOptions = Readonly<{
  /** Longest an entry waits in memory before a write starts. */
  flushMs: number;
  /** A write starts at once when this many entries wait; also the most written per transaction. */
  batchSize: number;
  /** Entries held unwritten at which `saturated` turns true (the API then refuses client reads). */
  maxBacklog: number;
  /** First retry delay after a failed write (default 100 ms); doubles up to retryMaxMs (default 5 s). */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Writes close() attempts before it gives up on what is left (default 5)… */
  closeAttempts?: number;
  /** …and the longest it tries, however slow the store answers (default 10 s: inside a pod's grace period). */
  closeTimeoutMs?: number;
  logger?: AuditWriterLogger;
}>;

export type AuditWriterStats = Readonly<{
  /** Entries recorded but not yet written. */
  backlog: number;
  written: number;
  /** Writes that failed (each retried, unless the writer was closing). */
  failedWrites: number;
  consecutiveFailures: number;
  /** Entries never written: left after close() gave up, or recorded after close. */
  lost: number;
}>;

const silent: AuditWriterLogger = { error: () => undefined, warn: () => undefined, log: () => undefined };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Batches access-log entries off the read path: `record` only pushes to memory; a write of at most
 * `batchSize` entries, one transaction, starts when `flushMs` has passed since the first waiting
 * entry or as soon as `batchSize` wait. One write runs at a time; entries that arrive meanwhile
 * go with the next one, straight after.
 *
 * A failed write keeps its entries (at the front, in order) and is retried with exponential
 * backoff, logged at error level every time. Nothing recorded is ever dropped while the process
 * lives: past `maxBacklog` the writer only reports `saturated`, and the caller refuses the reads
 * that would add more (fail closed). What a crash loses is what was not written yet: normally the
 * last `flushMs` (plus the write in flight), during a database outage the whole backlog.
 */
export class AuditWriter {
  private pending: AccessLogEntry[] = [];
  private written = 0;
  private failedWrites = 0;
  private consecutiveFailures = 0;
  private lost = 0;
  private timer: NodeJS.Timeout | null = null;
  /** A retry is scheduled: new entries wait for it rather than hammering a failing store. */
  private retrying = false;
  private draining: Promise<void> | null = null;
  private closed = false;
  private saturationReported = false;
  private readonly logger: AuditWriterLogger;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;

  constructor(
    private readonly store: AuditStore,
    private readonly options: AuditWriterOptions,
  ) {
    if (options.batchSize < 1 || options.flushMs < 0 || options.maxBacklog < 1)
      throw new Error('invalid audit writer options');
    this.logger = options.logger ?? silent;
    this.retryInitialMs = options.retryInitialMs ?? 100;
    this.retryMaxMs = Math.max(this.retryInitialMs, options.retryMaxMs ?? 5_000);
  }

  /** Queues entries for the next write; never waits, never throws. */
  record(entries: readonly AccessLogEntry[]): void {
    if (entries.length === 0) return;
    if (this.closed) {
      this.lost += entries.length;
      this.logger.error(`audit: ${entries.length} access-log entries recorded after shutdown began were not written`);
      return;
    }
    for (const entry of entries) this.pending.push(entry);
    if (this.saturated && !this.saturationReported) {
      this.saturationReported = true;
      this.logger.error(
        `audit: ${this.pending.length} access-log entries are unwritten, at the bound of ${this.options.maxBacklog}: client reads are refused until the backlog drains`,
      );
    }
    if (this.draining !== null || this.retrying) return;
    this.schedule(this.pending.length >= this.options.batchSize ? 0 : this.options.flushMs);
  }

  /** true while the unwritten entries are at or over `maxBacklog`. */
  get saturated(): boolean {
    return this.pending.length >= this.options.maxBacklog;
  }

  get stats(): AuditWriterStats {
    return {
      backlog: this.pending.length,
      written: this.written,
      failedWrites: this.failedWrites,
      consecutiveFailures: this.consecutiveFailures,
      lost: this.lost,
    };
  }

  /**
   * Writes everything recorded before the call, now (a scheduled retry is not waited for).
   * Rejects when a write fails; the entries stay queued and are retried as usual.
   */
  async flush(): Promise<void> {
    const target = this.written + this.pending.length;
    while (this.written < target && this.pending.length > 0) await this.drain();
  }

  /**
   * Stops the timers and writes what is left, retrying a few times with backoff. What still
   * cannot be written is counted as lost and logged: after this, nothing is written any more.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer();
    this.retrying = false;
    const attempts = this.options.closeAttempts ?? 5;
    const deadline = Date.now() + (this.options.closeTimeoutMs ?? 10_000);
    const timeLeft = () => deadline - Date.now();
    for (let attempt = 1; (this.pending.length > 0 || this.draining !== null) && timeLeft() > 0; attempt++) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeLeft())));
      try {
        if ((await Promise.race([this.drain(), timedOut])) === 'timeout') break;
      } catch {
        if (attempt >= attempts) break;
        await sleep(Math.min(this.backoff(attempt), Math.max(0, timeLeft())));
      } finally {
        clearTimeout(timer);
      }
    }
    if (this.pending.length > 0) {
      this.lost += this.pending.length;
      this.logger.error(
        `audit: ${this.pending.length} access-log entries could not be written before shutdown and are lost`,
      );
      this.pending = [];
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) {
      if (delayMs > 0) return; // the earlier deadline stands
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.retrying = false;
      this.drain().catch(() => undefined); // failure is handled (logged, retried) inside drain
    }, delayMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The one write loop: joins the running one, or writes batches until nothing waits. */
  private drain(): Promise<void> {
    if (this.draining !== null) return this.draining;
    this.clearTimer();
    this.retrying = false;
    const run = async (): Promise<void> => {
      try {
        while (this.pending.length > 0) {
          const batch = this.pending.slice(0, this.options.batchSize);
          try {
            await this.store.append(batch);
          } catch (error) {
            this.failed(batch.length, error);
            throw error;
          }
          // Only this loop removes entries, always from the front: the batch is still there.
          this.pending.splice(0, batch.length);
          this.written += batch.length;
          this.succeeded();
        }
      } finally {
        this.draining = null;
      }
    };
    this.draining = run();
    return this.draining;
  }

  private succeeded(): void {
    if (this.consecutiveFailures > 0) {
      this.logger.warn(
        `audit: access-log writes recovered after ${this.consecutiveFailures} failed attempts; ${this.pending.length} entries still to write`,
      );
      this.consecutiveFailures = 0;
    }
    if (this.saturationReported && !this.saturated) {
      this.saturationReported = false;
      this.logger.warn('audit: access-log backlog is under its bound again: client reads are served');
    }
  }

  private failed(batchSize: number, error: unknown): void {
    this.failedWrites += 1;
    this.consecutiveFailures += 1;
    const delay = this.backoff(this.consecutiveFailures);
    this.logger.error(
      `audit: writing ${batchSize} access-log entries failed (${this.consecutiveFailures} in a row): ${describe(error)}; ` +
        `${this.pending.length} entries held in memory (bound ${this.options.maxBacklog})` +
        (this.closed ? '' : `; retrying in ${delay} ms`),
    );
    if (this.closed) return;
    this.retrying = true;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.retrying = false;
      this.drain().catch(() => undefined);
    }, delay);
    this.timer.unref();
  }

  private backoff(attempt: number): number {
    return Math.min(this.retryMaxMs, this.retryInitialMs * 2 ** Math.min(30, attempt - 1));
  }
}
