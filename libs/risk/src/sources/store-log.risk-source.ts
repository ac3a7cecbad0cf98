import { toIntegrationMessage } from '@crm/contracts';
import type { EventStore, RecordedEvent } from '@crm/event-store';
import { sourceEventOf, type MessagingLogger } from '@crm/messaging';
import type { RiskMonitor } from '../engine/risk-monitor';
import { traceOf } from '../engine/risk-trace';
import { CheckpointedLogFollower } from './checkpointed-log-follower';
import { riskInputOfMessage } from './integration-message.mapping';
import type { RiskEventSource } from './risk-event-source.port';

export const RISK_MONITOR_CHECKPOINT = 'risk-monitor';

/**
 * The embedded default: follows the store's global log from its checkpoint. Events go through
 * the same integration contract as on Kafka, so the rules see the same data either way and no
 * personal data reaches the risk state.
 */
export class StoreLogRiskSource implements RiskEventSource {
  readonly name = 'store-log';
  private readonly follower: CheckpointedLogFollower;

  constructor(
    store: EventStore,
    private readonly monitor: RiskMonitor,
    private readonly logger: MessagingLogger,
    batchSize = 1000,
    checkpointIntervalMs?: number,
  ) {
    this.follower = new CheckpointedLogFollower(
      store,
      logger,
      {
        checkpoint: RISK_MONITOR_CHECKPOINT,
        name: 'risk monitor source',
        checkpointName: 'risk monitor',
        batchSize,
        ...(checkpointIntervalMs === undefined ? {} : { checkpointIntervalMs }),
      },
      (events) => this.handle(events),
    );
  }

  start(): Promise<void> {
    return this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  position(): bigint | null {
    return this.follower.position();
  }

  private async handle(events: readonly RecordedEvent[]): Promise<void> {
    const pending: Promise<unknown>[] = [];
    for (const recorded of events) {
      if (!recorded.streamId.startsWith('client-')) continue;
      let message;
      try {
        message = toIntegrationMessage(sourceEventOf(recorded));
      } catch (error) {
        // The relay dead-letters the same event; here it can only be skipped and said.
        this.logger.error(
          { position: recorded.position.toString(), error: error instanceof Error ? error.message : 'unknown' },
          'unreadable client event skipped by the risk monitor',
        );
        continue;
      }
      if (message === null) continue;
      const input = riskInputOfMessage(message, this.monitor.timeZone);
      if (!input.ok || !input.relevant) continue;
      // Clients run side by side; each client's events stay in order inside the monitor.
      pending.push(
        this.monitor.accept(input.clientId, {
          kind: 'event',
          revision: input.revision,
          event: input.event,
          ...traceOf(recorded.metadata.traceparent, recorded.metadata.tracestate),
        }),
      );
    }
    await Promise.all(pending);
  }
}
