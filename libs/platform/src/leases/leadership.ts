import { hostname } from 'node:os';
import type { LeaseOpener } from './lease.port';
import {
  SingletonWorker,
  type LeaderWork,
  type LeadershipLogger,
  type LeadershipStatus,
  type SingletonWorkerOptions,
} from './singleton-worker';

export type LeadershipOptions = Readonly<{
  opener: LeaseOpener;
  pollIntervalMs: number;
  checkTimeoutMs: number;
  logger: LeadershipLogger;
  /** Default `host/pid`. */
  identity?: string;
}>;

/** `host/pid`: enough for an operator to find the leader among the replicas. */
export const processIdentity = (): string => `${hostname()}/${process.pid}`;

/**
 * The process's singleton workers, each behind its lease: the modules that own a worker hand it in
 * here, health and metrics read who leads from here.
 */
export class Leadership {
  private readonly workers = new Map<string, SingletonWorker>();
  private readonly workerOptions: SingletonWorkerOptions;

  constructor(private readonly options: LeadershipOptions) {
    this.workerOptions = {
      pollIntervalMs: options.pollIntervalMs,
      checkTimeoutMs: options.checkTimeoutMs,
      identity: options.identity ?? processIdentity(),
      logger: options.logger,
    };
  }

  /**
   * Makes this process a candidate for `name`: `work` runs only while it holds that lease.
   * Resolves after the first attempt (see SingletonWorker.start).
   */
  async run(name: string, work: LeaderWork): Promise<SingletonWorker> {
    if (this.workers.has(name)) throw new Error(`worker ${name} already runs behind a lease`);
    const worker = new SingletonWorker(this.options.opener(name), work, this.workerOptions);
    this.workers.set(name, worker);
    await worker.start();
    return worker;
  }

  get(name: string): SingletonWorker | undefined {
    return this.workers.get(name);
  }

  statuses(): LeadershipStatus[] {
    return [...this.workers.values()].map((worker) => worker.status());
  }
}

/**
 * Starts `work` behind its lease `name` when the process has a Leadership, else at once (an app
 * without one runs every worker it was given). The handle, when there is one, stops the lease's
 * loop; the work itself is stopped or closed by the module that owns it.
 */
export const runWorker = async (
  leadership: Leadership | undefined,
  name: string,
  work: LeaderWork,
): Promise<SingletonWorker | null> => {
  if (leadership !== undefined) return leadership.run(name, work);
  await work.start();
  return null;
};
