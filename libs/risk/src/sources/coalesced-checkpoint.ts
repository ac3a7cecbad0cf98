/** How often the store-log source writes its checkpoint at most while events keep coming. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 1000;

type Logger = Readonly<{ error: (fields: Record<string, unknown>, message: string) => void }>;

/**
 * The risk monitor's position in the log, written at most once per interval instead of after every
 * batch. On SQLite the checkpoint is a commit on the event store's file at synchronous=FULL, outside
 * group commit: under a steady stream of commands that was an fsync on the event loop for every
 * few events.
 *
 * Writing it late is safe because it only says where to resume: every client's risk state is saved
 * with the client-stream revision it includes, and the monitor treats an input at or below that
 * revision as a duplicate. After a crash the monitor re-reads at most an interval's events and
 * each of them changes nothing and raises nothing (the alert decider is idempotent besides).
 *
 * Writes are chained, so they never overtake one another and the stored position only grows.
 */
export class CoalescedCheckpoint {
  private pending: bigint | null = null;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (position: bigint) => Promise<void>,
    private readonly logger: Logger,
    private readonly intervalMs = DEFAULT_CHECKPOINT_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Records that everything up to `position` is handled. Writes now when the last write is an
   * interval old (and resolves after it, so a failing store reaches the caller); else later.
   */
  handled(position: bigint): Promise<void> {
    this.pending = position;
    if (this.now() - this.lastWriteAt >= this.intervalMs) return this.flush();
    if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush().catch((error: unknown) =>
          this.logger.error(
            { error: error instanceof Error ? error.message : 'unknown' },
            'risk monitor checkpoint not stored; retried with the next batch',
          ),
        );
      }, this.intervalMs);
      // Never what keeps a process alive: stop() writes what is pending.
      this.timer.unref();
    }
    return Promise.resolve();
  }

  /** Writes what is pending now (on stop, so a clean restart re-reads nothing). */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.chain = this.chain
      .catch(() => undefined)
      .then(async () => {
        const position = this.pending;
        if (position === null) return;
        this.pending = null;
        this.lastWriteAt = this.now();
        try {
          await this.write(position);
        } catch (error) {
          // Kept for the next try unless a newer position arrived meanwhile.
          this.pending ??= position;
          throw error;
        }
      });
    return this.chain;
  }
}
