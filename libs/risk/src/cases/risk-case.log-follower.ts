import type { EventStore, Subscription } from '@crm/event-store';
import type { MessagingLogger } from '@crm/messaging';
import { CoalescedCheckpoint } from '../sources/coalesced-checkpoint';
import type { RiskCaseKeeper } from './risk-case-keeper';

export const RISK_CASES_CHECKPOINT = 'risk-cases';

const ALERT_STREAM_PREFIX = 'alert-';

/**
 * Follows the store's log from its own checkpoint and hands every alert event to the case keeper,
 * in log order. Alerts are in the store whichever way the monitor reads client events (Kafka or
 * the log), and resolutions by officers over HTTP are there too, so this one path sees them all.
 * Writing the checkpoint late only means a few alerts are synced again, which changes nothing.
 */
export class RiskCaseLogFollower {
  private subscription: Subscription | null = null;
  private restart: NodeJS.Timeout | null = null;
  private running = false;
  private readonly checkpoint: CoalescedCheckpoint;

  constructor(
    private readonly store: EventStore,
    private readonly keeper: RiskCaseKeeper,
    private readonly logger: MessagingLogger,
    private readonly batchSize = 1000,
  ) {
    this.checkpoint = new CoalescedCheckpoint(
      (position) => this.store.storeCheckpoint(RISK_CASES_CHECKPOINT, position),
      logger,
    );
  }

  /** Does nothing while following already (the worker retries its start as a whole). */
  async start(): Promise<void> {
    if (this.subscription !== null) return;
    this.running = true;
    const after = (await this.store.getCheckpoint(RISK_CASES_CHECKPOINT)) ?? 0n;
    this.subscription = this.store.subscribeToAll(
      {
        after,
        batchSize: this.batchSize,
        onError: (error) => {
          this.subscription = null;
          if (!this.running) return;
          this.logger.error(
            { error: error instanceof Error ? error.message : 'unknown' },
            'risk case keeper failed; resubscribing',
          );
          this.restart = setTimeout(() => void this.start().catch(() => undefined), 1000);
        },
      },
      async (events) => {
        // One at a time: alerts are rare next to client events, and a client's case must see
        // its alerts in the order they changed.
        for (const recorded of events) {
          if (!recorded.streamId.startsWith(ALERT_STREAM_PREFIX)) continue;
          await this.keeper.syncAlert(
            recorded.streamId.slice(ALERT_STREAM_PREFIX.length),
            recorded.recordedAt,
            recorded.eventId,
          );
        }
        const last = events[events.length - 1];
        if (last !== undefined) await this.checkpoint.handled(last.position);
      },
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.restart) clearTimeout(this.restart);
    await this.subscription?.stop();
    this.subscription = null;
    await this.checkpoint
      .flush()
      .catch((error: unknown) =>
        this.logger.error(
          { error: error instanceof Error ? error.message : 'unknown' },
          'risk case keeper checkpoint not stored at stop',
        ),
      );
  }
}
