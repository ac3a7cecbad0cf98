import { setTimeout as sleep } from 'node:timers/promises';
import type { Lease, LeaseHolder } from './lease.port';

/** What runs only while the lease is held. Both may be called again after a stop (a later term). */
export type LeaderWork = Readonly<{
  /** Starts the worker; resolves once it runs (a worker that retries its own start resolves at once). */
  start(): Promise<void>;
  /** Stops it after the batch in flight, as on a graceful shutdown. */
  stop(): Promise<void>;
}>;

export type LeadershipLogger = Readonly<{
  info: (details: object, message: string) => void;
  warn: (details: object, message: string) => void;
  error: (details: object, message: string) => void;
}>;

export type SingletonWorkerOptions = Readonly<{
  /** How often a standby tries the lease and the leader confirms it (LEASE_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
  /** Longest a lease call may take; a leader whose confirmation takes longer steps down (LEASE_CHECK_TIMEOUT_MS). */
  checkTimeoutMs: number;
  /** This process, as other replicas see it when it leads (`host/pid`). */
  identity: string;
  logger: LeadershipLogger;
}>;

export type LeadershipRole = 'leader' | 'standby' | 'stopped';

export type LeadershipStatus = Readonly<{
  worker: string;
  role: LeadershipRole;
  /** This process when it leads; else the leader as last seen (null: none seen). */
  holder: LeaseHolder | null;
  /** How many times this process took or lost the lease. */
  changes: number;
}>;

class Timeout extends Error {}

const within = async <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Timeout(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

const errorText = (error: unknown): string => (error instanceof Error ? error.message : 'unknown error');

/**
 * Runs a worker that must run once among all replicas: it runs here only while this process holds
 * the worker's lease. A standby tries the lease every poll; the leader confirms it every poll and,
 * when it cannot (its database connection is gone or does not answer in time) or when the lease
 * reports its loss between polls, stops the worker before anything else, since a standby may
 * take over on its next poll. A graceful stop stops the worker first and then releases the
 * lease, so a standby takes over on its next poll.
 */
export class SingletonWorker {
  private role: LeadershipRole = 'standby';
  private holder: LeaseHolder | null = null;
  private changes = 0;
  private loop: Promise<void> | null = null;
  /** Said once per outage, not at every poll. */
  private unreachable = false;
  private readonly abort = new AbortController();
  /** A step-down the lease asked for between polls; the loop waits for it before it tries again. */
  private steppingDown: Promise<void> = Promise.resolve();
  /** The worker's start of this term (settled): a loss reported during it stops the worker after it. */
  private starting: Promise<void> = Promise.resolve();

  constructor(
    private readonly lease: Lease,
    private readonly work: LeaderWork,
    private readonly options: SingletonWorkerOptions,
  ) {
    lease.onLost(() => {
      if (this.role !== 'leader') return;
      // A stop during the start would leave a worker that finishes starting after it running.
      this.steppingDown = this.starting.then(() =>
        this.role === 'leader' ? this.stepDown('lease session ended') : undefined,
      );
    });
  }

  get name(): string {
    return this.lease.name;
  }

  get leading(): boolean {
    return this.role === 'leader';
  }

  status(): LeadershipStatus {
    return { worker: this.lease.name, role: this.role, holder: this.holder, changes: this.changes };
  }

  /**
   * Becomes a candidate. Resolves after the first attempt at the lease (and, when it succeeds, the
   * worker's start), so a process that leads at boot runs its workers before it serves; later
   * attempts run in the background.
   */
  async start(): Promise<void> {
    if (this.loop !== null) return;
    let firstAttempt: () => void = () => undefined;
    const attempted = new Promise<void>((resolve) => (firstAttempt = resolve));
    this.loop = this.run(() => firstAttempt());
    await attempted;
  }

  /** Stops the worker if it runs here (its batch in flight finishes), then gives the lease up. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await this.steppingDown;
    if (this.role === 'leader') await this.stepDown('stopping');
    await this.lease.release().catch(() => undefined);
    this.role = 'stopped';
  }

  private async run(attempted: () => void): Promise<void> {
    try {
      while (!this.abort.signal.aborted) {
        await this.steppingDown;
        if (this.role === 'leader') await this.confirm();
        else await this.tryToLead();
        attempted();
        await sleep(this.options.pollIntervalMs, undefined, { signal: this.abort.signal });
      }
    } catch {
      // aborted: stopping
    } finally {
      attempted();
    }
  }

  private async tryToLead(): Promise<void> {
    let acquired = false;
    try {
      acquired = await within(this.lease.tryAcquire(), this.options.checkTimeoutMs);
      this.unreachable = false;
    } catch (error) {
      if (!this.unreachable) {
        this.options.logger.warn({ worker: this.name, error: errorText(error) }, 'lease not reachable; retrying');
      }
      this.unreachable = true;
      // The connection may be half-open: start from a fresh one on the next poll.
      await this.lease.release().catch(() => undefined);
    }
    if (!acquired) {
      this.holder = await within(this.lease.holder(), this.options.checkTimeoutMs).catch(() => this.holder);
      return;
    }
    if (this.abort.signal.aborted) return;
    this.role = 'leader';
    this.changes += 1;
    this.holder = { identity: this.options.identity, since: new Date().toISOString() };
    this.options.logger.info({ worker: this.name, identity: this.options.identity }, 'took the lease; worker starts');
    try {
      const start = this.work.start();
      this.starting = start.catch(() => undefined);
      await start;
    } catch (error) {
      this.options.logger.error({ worker: this.name, error: errorText(error) }, 'worker failed to start');
      await this.stepDown('worker failed to start');
    }
  }

  private async confirm(): Promise<void> {
    let held = false;
    let cause = 'lease lost';
    try {
      held = await within(this.lease.confirm(), this.options.checkTimeoutMs);
    } catch (error) {
      cause = errorText(error);
    }
    // The lease may have reported its loss while this confirm waited: one step-down, not two.
    if (!held && this.role === 'leader') await this.stepDown(cause);
  }

  /** Leaves the role before its first await, so a second cause finds it left. */
  private async stepDown(cause: string): Promise<void> {
    this.role = 'standby';
    this.changes += 1;
    this.holder = null;
    this.options.logger.warn({ worker: this.name, cause }, 'leaving the lease; worker stops');
    try {
      await this.work.stop();
    } catch (error) {
      this.options.logger.error({ worker: this.name, error: errorText(error) }, 'worker did not stop cleanly');
    }
    await this.lease.release().catch(() => undefined);
  }
}
