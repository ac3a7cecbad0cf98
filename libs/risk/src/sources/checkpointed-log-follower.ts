import type { EventStore, RecordedEvent, Subscription } from '@crm/event-store';
import type { MessagingLogger } from '@crm/messaging';
import { CoalescedCheckpoint } from './coalesced-checkpoint';

export type CheckpointedLogFollowerOptions = Readonly<{
  /** The checkpoint's name in the store. */
  checkpoint: string;
  /** Who follows, in the log lines: "risk monitor source", "risk case keeper". */
  name: string;
  /** What the follower logs when a stop cannot store its checkpoint. */
  checkpointName: string;
  batchSize: number;
  checkpointIntervalMs?: number;
}>;

/**
 * Follows the store's global log from a named checkpoint, batch by batch: the checkpoint moves
 * once a batch is handled, a failed subscription starts again from it after a second, and a stop
 * stores it. Writing it late only means a few events are handled again, so handlers are idempotent.
 */
export class CheckpointedLogFollower {
  private subscription: Subscription | null = null;
  private restart: NodeJS.Timeout | null = null;
  private running = false;
  private readonly checkpoint: CoalescedCheckpoint;
  private handled: bigint | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly logger: MessagingLogger,
    private readonly options: CheckpointedLogFollowerOptions,
    private readonly handle: (events: readonly RecordedEvent[]) => Promise<void>,
  ) {
    this.checkpoint = new CoalescedCheckpoint(
      (position) => this.store.storeCheckpoint(options.checkpoint, position),
      logger,
      options.checkpointIntervalMs,
    );
  }

  /** Does nothing while following already (a worker may retry its start as a whole). */
  async start(): Promise<void> {
    if (this.subscription !== null) return;
    this.running = true;
    const after = (await this.store.getCheckpoint(this.options.checkpoint)) ?? 0n;
    this.handled = after;
    this.subscription = this.store.subscribeToAll(
      {
        after,
        batchSize: this.options.batchSize,
        onError: (error) => {
          this.subscription = null;
          if (!this.running) return;
          this.logger.error(
            { error: error instanceof Error ? error.message : 'unknown' },
            `${this.options.name} failed; resubscribing`,
          );
          this.restart = setTimeout(() => void this.start().catch(() => undefined), 1000);
        },
      },
      async (events) => {
        await this.handle(events);
        const last = events[events.length - 1];
        if (last === undefined) return;
        this.handled = last.position;
        await this.checkpoint.handled(last.position);
      },
    );
  }

  /** The position of the last event handled (the stored checkpoint may lag it by a second); null before the first start. */
  position(): bigint | null {
    return this.handled;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.restart) clearTimeout(this.restart);
    await this.subscription?.stop();
    this.subscription = null;
    // A checkpoint that cannot be written now only means a few events are read again at start.
    await this.checkpoint
      .flush()
      .catch((error: unknown) =>
        this.logger.error(
          { error: error instanceof Error ? error.message : 'unknown' },
          `${this.options.checkpointName} checkpoint not stored at stop`,
        ),
      );
  }
}
