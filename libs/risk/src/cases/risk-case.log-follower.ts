import { alertStreamId } from '@crm/domain';
import type { EventStore } from '@crm/event-store';
import type { MessagingLogger } from '@crm/messaging';
import { CheckpointedLogFollower } from '../sources/checkpointed-log-follower';
import type { RiskCaseKeeper } from './risk-case-keeper';

export const RISK_CASES_CHECKPOINT = 'risk-cases';

const ALERT_STREAM_PREFIX = alertStreamId('');

/**
 * Follows the store's log from its own checkpoint and hands every alert event to the case keeper,
 * in log order. Alerts are in the store whichever way the monitor reads client events (Kafka or
 * the log), and resolutions by officers over HTTP are there too, so this one path sees them all.
 * Writing the checkpoint late only means a few alerts are synced again, which changes nothing.
 */
export class RiskCaseLogFollower {
  private readonly follower: CheckpointedLogFollower;

  constructor(store: EventStore, keeper: RiskCaseKeeper, logger: MessagingLogger, batchSize = 1000) {
    const options = {
      checkpoint: RISK_CASES_CHECKPOINT,
      name: 'risk case keeper',
      checkpointName: 'risk case keeper',
      batchSize,
    };
    this.follower = new CheckpointedLogFollower(store, logger, options, async (events) => {
      // One at a time: alerts are rare next to client events, and a client's case must see its
      // alerts in the order they changed.
      for (const recorded of events) {
        if (!recorded.streamId.startsWith(ALERT_STREAM_PREFIX)) continue;
        await keeper.syncAlert(
          recorded.streamId.slice(ALERT_STREAM_PREFIX.length),
          recorded.recordedAt,
          recorded.eventId,
        );
      }
    });
  }

  /** Does nothing while following already (the worker retries its start as a whole). */
  start(): Promise<void> {
    return this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  /** The position of the last event it handled; null before its first start. */
  position(): bigint | null {
    return this.follower.position();
  }
}
