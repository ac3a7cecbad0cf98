import type { EventStore, RecordedEvent, Subscription } from '@crm/event-store';
import type { Logger } from 'pino';
import type { ReadModelStore } from '../store/read-model-store.port';
import type { ClientReadModelsProjector } from './client-read-models.projector';

/** The slice of a pino logger the runner uses. Messages carry positions and counts only, never personal data. */
export type ProjectionLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export type ProjectionRunnerOptions = Readonly<{
  /**
   * Most events per read-model transaction once caught up. A query waiting for a position waits
   * for the whole transaction that carries it, so this bounds that wait behind a burst of writes.
   */
  batchSize?: number;
  /**
   * Most events per read and per transaction while catching up (start, restart, rebuild); never
   * below `batchSize`. Every transaction rewrites each view its events touch, so fewer, larger
   * ones make a replay cheaper; a crash loses at most one uncommitted batch, re-projected on restart.
   */
  catchUpBatchSize?: number;
  /** Log progress every this many events while catching up. */
  progressEvery?: number;
  /** Pause before resubscribing from the stored checkpoint after a failed batch. */
  retryDelayMs?: number;
  logger?: ProjectionLogger;
  /**
   * Called each time the projection has read through to the head (start, resubscription,
   * rebuild), with the events that catch-up projected: the API hands a long catch-up's garbage
   * back to the OS then (releaseHeap).
   */
  onCaughtUp?: (projected: number) => void;
}>;

export type ProjectionStatus = Readonly<{
  name: string;
  running: boolean;
  caughtUp: boolean;
  checkpoint: string;
  lastError: string | null;
}>;

export const DEFAULT_PROJECTION_BATCH_SIZE = 5000;
/**
 * Measured on the 100k-event rebuild bench: 50k beats 20k (fewer view rewrites and commits); a
 * larger batch gains nothing more, since the time then goes to collecting its ever larger heap.
 */
export const DEFAULT_CATCH_UP_BATCH_SIZE = 50_000;
const DEFAULT_PROGRESS_EVERY = 50_000;
const DEFAULT_RETRY_DELAY_MS = 1000;
export const DEFAULT_WAIT_FOR_POSITION_MS = 5000;

type Waiter = { position: bigint; resolve: (reached: boolean) => void; timer: NodeJS.Timeout };

/**
 * Runs a projector on the store's global log: subscribes from the checkpoint kept in the
 * read-model database, resubscribes from it after a failure, and lets queries wait for a
 * position (read-your-writes).
 */
export class ProjectionRunner {
  private subscription: Subscription | null = null;
  private current = 0n;
  private running = false;
  private isCaughtUp = false;
  private lastError: string | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly waiters = new Set<Waiter>();
  private projectedSinceLog = 0;
  private projectedTotal = 0;
  private startedAt = 0;
  private generation = 0;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly projector: ClientReadModelsProjector,
    private readonly options: ProjectionRunnerOptions = {},
  ) {}

  get name(): string {
    return this.projector.name;
  }

  /** Starts from the stored checkpoint; returns once subscribed (see `caughtUp()` for catch-up). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.lastError = null;
    await this.subscribe();
  }

  /** Stops after the batch in flight has committed (or rolled back). */
  async stop(): Promise<void> {
    this.running = false;
    this.generation += 1;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
  }

  /** Resolves once the projection has reached the head of the log seen when it (re)subscribed. */
  async caughtUp(): Promise<void> {
    while (this.running && !this.isCaughtUp) {
      const subscription = this.subscription;
      if (subscription !== null) await subscription.caughtUp.catch(() => undefined);
      if (!this.isCaughtUp) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Replays the whole log into emptied read models. Queries see the models fill up while it runs. */
  async rebuild(): Promise<void> {
    const wasRunning = this.running;
    await this.stop();
    await this.projector.reset();
    this.setCheckpoint(0n);
    this.options.logger?.info({ projection: this.name }, 'projection rebuild started');
    if (wasRunning) await this.start();
  }

  /** Last committed position of the projection (what health reports). */
  checkpoint(): bigint {
    return this.current;
  }

  status(): ProjectionStatus {
    return {
      name: this.name,
      running: this.running,
      caughtUp: this.isCaughtUp,
      checkpoint: this.current.toString(),
      lastError: this.lastError,
    };
  }

  /** True as soon as the projection has committed `position`; false when `timeoutMs` passes first. */
  waitForPosition(position: bigint, timeoutMs: number = DEFAULT_WAIT_FOR_POSITION_MS): Promise<boolean> {
    if (this.current >= position) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(
          () => {
            this.waiters.delete(waiter);
            resolve(false);
          },
          Math.max(0, timeoutMs),
        ),
      };
      this.waiters.add(waiter);
    });
  }

  private async subscribe(): Promise<void> {
    const generation = this.generation;
    const from = await this.readModels.checkpoint(this.name);
    if (!this.running || generation !== this.generation) return;
    this.setCheckpoint(from);
    this.isCaughtUp = false;
    this.startedAt = Date.now();
    this.projectedTotal = 0;
    this.projectedSinceLog = 0;
    const subscription = this.eventStore.subscribeToAll(
      {
        after: from,
        batchSize: Math.max(this.liveBatchSize(), this.options.catchUpBatchSize ?? DEFAULT_CATCH_UP_BATCH_SIZE),
        onError: (error) => this.failed(error, generation),
      },
      (events) => this.handle(events),
    );
    this.subscription = subscription;
    subscription.caughtUp.then(
      () => {
        if (generation !== this.generation || this.subscription !== subscription) return;
        this.isCaughtUp = true;
        // Read through to the head without a failure: recovered, even when another process had
        // already projected everything and no batch was left to commit here.
        this.lastError = null;
        this.options.logger?.info(
          {
            projection: this.name,
            checkpoint: this.current.toString(),
            events: this.projectedTotal,
            ms: Date.now() - this.startedAt,
          },
          'projection caught up',
        );
        this.options.onCaughtUp?.(this.projectedTotal);
      },
      () => undefined,
    );
  }

  private liveBatchSize(): number {
    return Math.max(1, this.options.batchSize ?? DEFAULT_PROJECTION_BATCH_SIZE);
  }

  private async handle(events: readonly RecordedEvent[]): Promise<void> {
    // The subscription reads catch-up-sized batches throughout; once caught up, a large read (a
    // burst of writes) is committed in live-sized parts so waiting queries wake part by part.
    // A part that fails leaves the earlier parts committed and the stored checkpoint after them.
    const size = this.isCaughtUp ? this.liveBatchSize() : events.length;
    for (let start = 0; start < events.length; start += size) {
      const part = size >= events.length ? events : events.slice(start, start + size);
      this.setCheckpoint(await this.projector.projectBatch(this.current, part));
    }
    // A committed batch means the projection has recovered; health reports the present, not history.
    this.lastError = null;
    this.projectedTotal += events.length;
    this.projectedSinceLog += events.length;
    const every = this.options.progressEvery ?? DEFAULT_PROGRESS_EVERY;
    if (this.projectedSinceLog >= every) {
      this.projectedSinceLog = 0;
      const seconds = Math.max(0.001, (Date.now() - this.startedAt) / 1000);
      this.options.logger?.info(
        {
          projection: this.name,
          checkpoint: this.current.toString(),
          events: this.projectedTotal,
          eventsPerSecond: Math.round(this.projectedTotal / seconds),
        },
        'projection progress',
      );
    }
  }

  private failed(error: unknown, generation: number): void {
    // Only the error's class and message: event data never reaches the log.
    this.lastError = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
    this.options.logger?.error(
      { projection: this.name, checkpoint: this.current.toString(), error: this.lastError },
      'projection batch failed; resubscribing from the stored checkpoint',
    );
    if (!this.running || generation !== this.generation) return;
    this.subscription = null;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.running || generation !== this.generation) return;
      this.subscribe().catch((e: unknown) => this.failed(e, generation));
    }, this.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS);
  }

  private setCheckpoint(position: bigint): void {
    this.current = position;
    for (const waiter of this.waiters) {
      if (waiter.position <= position) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(true);
      }
    }
  }
}
