import { toIntegrationMessage } from '@crm/contracts';
import type { EventStore, Subscription } from '@crm/event-store';
import { sourceEventOf, type MessagingLogger } from '@crm/messaging';
import type { RiskMonitor } from '../engine/risk-monitor';
import { traceOf } from '../engine/risk-trace';
import { CoalescedCheckpoint } from './coalesced-checkpoint';
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
  private subscription: Subscription | null = null;
  private restart: NodeJS.Timeout | null = null;
  private running = false;
  private readonly checkpoint: CoalescedCheckpoint;

  constructor(
    private readonly store: EventStore,
    private readonly monitor: RiskMonitor,
    private readonly logger: MessagingLogger,
    private readonly batchSize = 1000,
    checkpointIntervalMs?: number,
  ) {
    this.checkpoint = new CoalescedCheckpoint(
      (position) => this.store.storeCheckpoint(RISK_MONITOR_CHECKPOINT, position),
      logger,
      checkpointIntervalMs,
    );
  }

  async start(): Promise<void> {
    this.running = true;
    const after = (await this.store.getCheckpoint(RISK_MONITOR_CHECKPOINT)) ?? 0n;
    this.subscription = this.store.subscribeToAll(
      {
        after,
        batchSize: this.batchSize,
        onError: (error) => {
          if (!this.running) return;
          this.logger.error(
            { error: error instanceof Error ? error.message : 'unknown' },
            'risk monitor source failed; resubscribing',
          );
          this.restart = setTimeout(() => void this.start().catch(() => undefined), 1000);
        },
      },
      async (events) => {
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
    // A checkpoint that cannot be written now only means a few events are read again at start.
    await this.checkpoint
      .flush()
      .catch((error: unknown) =>
        this.logger.error(
          { error: error instanceof Error ? error.message : 'unknown' },
          'risk monitor checkpoint not stored at stop',
        ),
      );
  }
}
