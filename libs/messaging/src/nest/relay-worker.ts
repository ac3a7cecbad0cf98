import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '@crm/event-store';
import type { MessageBroker, MessagingLogger } from '../message-broker.port';
import { EventRelay, type EventRelayOptions, type RelayStatus } from '../relay/event-relay';

export type RelayWorkerOptions = Omit<EventRelayOptions, 'store' | 'broker' | 'logger'>;

/**
 * Keeps one EventRelay running for a process's lifetime. Kafka being down at boot must not stop
 * the API from serving: the worker retries the relay's start (topic creation needs the broker)
 * in the background and reports the failure in its status until the broker answers.
 */
export class RelayWorker {
  private relay: EventRelay | null = null;
  private stopped = false;
  private startError: string | null = null;
  private readonly abort = new AbortController();
  private readonly starting: Promise<void>;

  constructor(
    store: EventStore,
    private readonly broker: MessageBroker,
    private readonly logger: MessagingLogger,
    options: RelayWorkerOptions,
  ) {
    this.starting = this.startWithRetries({ ...options, store, broker, logger });
  }

  status(): RelayStatus & Readonly<{ startError: string | null }> {
    const base: RelayStatus = this.relay?.status() ?? {
      running: false,
      checkpoint: '0',
      published: 0,
      lastError: this.startError,
      failingSince: null,
    };
    return { ...base, startError: this.startError };
  }

  /** Resolves once the relay has published the log as it was at start (tests, benches). */
  async caughtUp(): Promise<void> {
    await this.starting;
    await this.relay?.caughtUp;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.starting.catch(() => undefined);
    await this.relay?.stop();
    await this.broker.close();
  }

  private async startWithRetries(options: EventRelayOptions): Promise<void> {
    let delay = 500;
    while (!this.stopped) {
      try {
        this.relay = await EventRelay.start(options);
        this.startError = null;
        return;
      } catch (error) {
        this.startError = error instanceof Error ? error.message : 'unknown error';
        this.logger.warn({ error: this.startError, retryInMs: delay }, 'event relay could not start; retrying');
        try {
          await sleep(delay, undefined, { signal: this.abort.signal });
        } catch {
          return;
        }
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }
}
