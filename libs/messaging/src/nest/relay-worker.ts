import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '@crm/event-store';
import type { MessageBroker, MessagingLogger } from '../message-broker.port';
import { EventRelay, type EventRelayOptions, type RelayStatus } from '../relay/event-relay';

export type RelayWorkerOptions = Omit<EventRelayOptions, 'store' | 'broker' | 'logger'>;

/**
 * Runs one EventRelay between `start()` and `stop()`, possibly several times in a process's life
 * (each term of its leadership). Kafka being down at start must not stop the API from serving: the
 * worker retries the relay's start (topic creation needs the broker) in the background and
 * reports the failure in its status until the broker answers.
 */
export class RelayWorker {
  private relay: EventRelay | null = null;
  private startError: string | null = null;
  private term: Readonly<{ abort: AbortController; starting: Promise<void> }> | null = null;
  private readonly options: EventRelayOptions;

  constructor(
    store: EventStore,
    private readonly broker: MessageBroker,
    private readonly logger: MessagingLogger,
    options: RelayWorkerOptions,
  ) {
    this.options = { ...options, store, broker, logger };
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

  /** Begins a term; returns at once, the relay starting (and retrying its start) in the background. */
  start(): Promise<void> {
    if (this.term === null) {
      const abort = new AbortController();
      this.term = { abort, starting: this.startWithRetries(abort.signal) };
    }
    return Promise.resolve();
  }

  /** Resolves once the relay has published the log as it was at start (tests, benches). */
  async caughtUp(): Promise<void> {
    await this.term?.starting;
    await this.relay?.caughtUp;
  }

  /** Ends the term: the batch in flight finishes (see EventRelay.stop); the broker stays open for the next. */
  async stop(): Promise<void> {
    const term = this.term;
    this.term = null;
    if (term === null) return;
    term.abort.abort();
    await term.starting.catch(() => undefined);
    const relay = this.relay;
    this.relay = null;
    this.startError = null;
    await relay?.stop();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.broker.close();
  }

  private async startWithRetries(signal: AbortSignal): Promise<void> {
    let delay = 500;
    while (!signal.aborted) {
      try {
        const relay = await EventRelay.start(this.options);
        if (signal.aborted) {
          await relay.stop();
          return;
        }
        this.relay = relay;
        this.startError = null;
        return;
      } catch (error) {
        this.startError = error instanceof Error ? error.message : 'unknown error';
        this.logger.warn({ error: this.startError, retryInMs: delay }, 'event relay could not start; retrying');
        try {
          await sleep(delay, undefined, { signal });
        } catch {
          return;
        }
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }
}
