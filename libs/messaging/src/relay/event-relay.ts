import { setTimeout as sleep } from 'node:timers/promises';
import { CLIENT_EVENTS_TOPIC, CLIENT_STATE_TOPIC, DEAD_LETTER_TOPIC, RISK_ALERTS_TOPIC } from '@crm/contracts';
import type { EventStore, RecordedEvent, Subscription } from '@crm/event-store';
import { DEAD_LETTER_HEADERS } from '../consumer-kit/dead-letter';
import type { MessageBroker, MessageProducer, MessagingLogger, OutgoingMessage } from '../message-broker.port';
import { PublishedTail } from './published-tail';
import { toMessages } from './relay-messages';

export type EventRelayOptions = Readonly<{
  store: EventStore;
  broker: MessageBroker;
  logger: MessagingLogger;
  /** Client and manager events (crm.client-events.v1). */
  topic?: string;
  /** Alert lifecycle events (crm.risk-alerts.v1). */
  riskAlertsTopic?: string;
  /** Where an event that breaks its integration contract goes instead (its ids and the error only). */
  deadLetterTopic?: string;
  /** Compacted: each client's latest state (crm.client-state.v1). */
  clientStateTopic?: string;
  /** Superseded message types published beside their successor during a migration window. */
  publishSuperseded?: readonly string[];
  checkpointName?: string;
  /** Most events read from the log and sent to Kafka in one request. */
  batchSize?: number;
  /** Partitions of the topic when the relay has to create it. */
  partitions?: number;
  /** First pause after a failed send; doubles on each failure up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  progressEvery?: number;
  /** Called after each batch is acknowledged by Kafka and checkpointed (metrics). */
  onBatchPublished?: (batch: PublishedBatch) => void;
}>;

export type PublishedBatch = Readonly<{ events: number; messages: number; position: bigint; durationMs: number }>;

export type RelayStatus = Readonly<{
  running: boolean;
  checkpoint: string;
  published: number;
  /** Set while Kafka refuses or times out; cleared by the next acknowledged batch. */
  lastError: string | null;
  failingSince: string | null;
}>;

export const RELAY_CHECKPOINT = 'event-relay';
export const DEFAULT_RELAY_BATCH_SIZE = 1000;
export const DEFAULT_TOPIC_PARTITIONS = 12;

/**
 * The history topics keep every message for 30 days (Kafka's default is 7): long enough for a
 * consumer down over a long holiday to catch up. Longer history is read from the store, or, for
 * a new consumer, bootstrapped from the client-state topic.
 */
const HISTORY_TOPIC_CONFIGS = { 'cleanup.policy': 'delete', 'retention.ms': String(30 * 24 * 3600 * 1000) };

/**
 * The client-state topic keeps the latest record of every key for ever (compaction), and a
 * tombstone for a day, long enough for a bootstrapping consumer to see an erasure.
 */
const STATE_TOPIC_CONFIGS = { 'cleanup.policy': 'compact', 'delete.retention.ms': String(24 * 3600 * 1000) };

class RelayStopped extends Error {}

/**
 * Publishes the store's global log to Kafka, in position order, from a checkpoint kept in the
 * store. The checkpoint moves only after Kafka acknowledged a whole batch (acks=all), so a crash
 * anywhere re-sends at most that batch: delivery is at-least-once and consumers drop the repeats
 * by (subject, streamrevision). While Kafka is down the relay keeps retrying the same batch with
 * backoff and the log simply waits; nothing is buffered in memory beyond one batch.
 */
export class EventRelay {
  private subscription: Subscription | null = null;
  private producer: MessageProducer | null = null;
  private checkpoint = 0n;
  private published = 0;
  private running = false;
  private lastError: string | null = null;
  private failingSince: string | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly stopController = new AbortController();
  private sinceProgress = 0;
  private caughtUpResolve: (() => void) | null = null;
  /** Set at start after anything but a clean stop: what Kafka holds beyond the checkpoint, skipped once. */
  private tail: PublishedTail | null = null;
  /** Resolves once the relay has published everything that was in the log when it started. */
  readonly caughtUp: Promise<void>;

  private readonly superseded: ReadonlySet<string>;

  private constructor(private readonly options: EventRelayOptions) {
    this.superseded = new Set(options.publishSuperseded ?? []);
    this.caughtUp = new Promise((resolve) => {
      this.caughtUpResolve = resolve;
    });
  }

  static async start(options: EventRelayOptions): Promise<EventRelay> {
    const relay = new EventRelay(options);
    await relay.begin();
    return relay;
  }

  get topic(): string {
    return this.options.topic ?? CLIENT_EVENTS_TOPIC;
  }

  get riskAlertsTopic(): string {
    return this.options.riskAlertsTopic ?? RISK_ALERTS_TOPIC;
  }

  get deadLetterTopic(): string {
    return this.options.deadLetterTopic ?? DEAD_LETTER_TOPIC;
  }

  get clientStateTopic(): string {
    return this.options.clientStateTopic ?? CLIENT_STATE_TOPIC;
  }

  status(): RelayStatus {
    return {
      running: this.running,
      checkpoint: this.checkpoint.toString(),
      published: this.published,
      lastError: this.lastError,
      failingSince: this.failingSince,
    };
  }

  position(): bigint {
    return this.checkpoint;
  }

  /**
   * Lets the batch in flight finish when Kafka acknowledges it (its checkpoint included), then
   * stops; a batch Kafka is not acknowledging is abandoned at its next retry, to be sent again.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopController.abort();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.subscription?.stop();
    this.subscription = null;
    await this.producer?.close().catch(() => undefined);
    this.producer = null;
    // Kafka acknowledged every batch up to the checkpoint and none beyond: the next start need not
    // read what the topics hold. Not when a batch was abandoned mid-retry (part of it may be there).
    if (this.lastError === null) {
      await this.options.store.storeCheckpoint(this.cleanStopName, this.checkpoint + 1n).catch(() => undefined);
    }
  }

  private get checkpointName(): string {
    return this.options.checkpointName ?? RELAY_CHECKPOINT;
  }

  /** Checkpoint + 1 after a clean stop, 0 while running (so a crash leaves it unequal). */
  private get cleanStopName(): string {
    return `${this.checkpointName}.clean-stop`;
  }

  /**
   * After a crash (or a store error), Kafka may hold events past the checkpoint: the batch it
   * acknowledged before the checkpoint was stored. They are found by reading each partition's
   * newest message, so a restart does not send them again.
   */
  private async readTail(head: bigint): Promise<void> {
    const cleanStop = await this.options.store.getCheckpoint(this.cleanStopName);
    await this.options.store.storeCheckpoint(this.cleanStopName, 0n);
    this.tail = null;
    // No marker: never run since messages carry their position, so there is nothing to find.
    if (head <= this.checkpoint || cleanStop === null || cleanStop === this.checkpoint + 1n) return;
    const tail = await PublishedTail.read(this.options.broker, [
      this.topic,
      this.riskAlertsTopic,
      this.deadLetterTopic,
      this.clientStateTopic,
    ]);
    if (tail.upTo > this.checkpoint) {
      this.tail = tail;
      this.options.logger.warn(
        { checkpoint: this.checkpoint.toString(), heldUpTo: tail.upTo.toString() },
        'kafka holds events past the checkpoint (the last run did not stop cleanly); they are not sent again',
      );
    }
  }

  private async begin(): Promise<void> {
    this.running = true;
    const partitions = this.options.partitions ?? DEFAULT_TOPIC_PARTITIONS;
    await this.options.broker.ensureTopics([
      { name: this.topic, partitions, configs: HISTORY_TOPIC_CONFIGS },
      { name: this.riskAlertsTopic, partitions, configs: HISTORY_TOPIC_CONFIGS },
      { name: this.deadLetterTopic, partitions, configs: HISTORY_TOPIC_CONFIGS },
      { name: this.clientStateTopic, partitions, configs: STATE_TOPIC_CONFIGS },
    ]);
    await this.subscribe();
  }

  private async subscribe(): Promise<void> {
    this.checkpoint = (await this.options.store.getCheckpoint(this.checkpointName)) ?? 0n;
    const head = await this.options.store.headPosition();
    await this.readTail(head);
    this.options.logger.info(
      { topic: this.topic, checkpoint: this.checkpoint.toString(), head: head.toString() },
      'event relay starting',
    );
    const subscription = this.options.store.subscribeToAll(
      {
        after: this.checkpoint,
        batchSize: this.options.batchSize ?? DEFAULT_RELAY_BATCH_SIZE,
        onError: (error) => this.failed(error),
      },
      (events) => this.publish(events),
    );
    this.subscription = subscription;
    // A failed catch-up is handled by onError (resubscribe); here it must not become an unhandled
    // rejection, which would end the process.
    subscription.caughtUp.then(
      () => {
        this.options.logger.info(
          { checkpoint: this.checkpoint.toString(), published: this.published },
          'event relay caught up',
        );
        this.caughtUpResolve?.();
      },
      () => undefined,
    );
  }

  private failed(error: unknown): void {
    if (!this.running || error instanceof RelayStopped) return;
    this.options.logger.error({ error: errorText(error) }, 'event relay stopped on a store error; resubscribing');
    this.subscription = null;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.running) void this.subscribe().catch((next: unknown) => this.failed(next));
    }, this.options.retryDelayMs ?? 1000);
  }

  private async publish(events: readonly RecordedEvent[]): Promise<void> {
    const started = performance.now();
    const { messages, alerts, states, deadLetters, spans } = toMessages(
      events,
      this.topic,
      this.riskAlertsTopic,
      this.superseded,
    );
    try {
      await this.send(events, { messages, alerts, states, deadLetters });
    } catch (error) {
      for (const span of spans) span.fail(error);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
    const last = events[events.length - 1];
    if (last === undefined) return;
    this.options.onBatchPublished?.({
      events: events.length,
      messages: messages.length + alerts.length,
      position: last.position,
      durationMs: performance.now() - started,
    });
  }

  /** Sends a batch's messages until Kafka acknowledges them, then moves the checkpoint past the batch. */
  private async send(
    events: readonly RecordedEvent[],
    {
      messages,
      alerts,
      states,
      deadLetters,
    }: Readonly<Record<'messages' | 'alerts' | 'states' | 'deadLetters', OutgoingMessage[]>>,
  ): Promise<void> {
    for (const letter of deadLetters) {
      this.options.logger.error(
        {
          position: letter.headers?.[DEAD_LETTER_HEADERS.originOffset],
          error: letter.headers?.[DEAD_LETTER_HEADERS.error],
        },
        'event breaks its integration contract; sent to the dead-letter topic instead',
      );
    }
    const tail = this.tail;
    const unsent = (topic: string, batch: OutgoingMessage[]) => (tail === null ? batch : tail.missing(topic, batch));
    await this.sendUntilAcknowledged(this.deadLetterTopic, unsent(this.deadLetterTopic, deadLetters));
    await this.sendUntilAcknowledged(this.topic, unsent(this.topic, messages));
    await this.sendUntilAcknowledged(this.riskAlertsTopic, unsent(this.riskAlertsTopic, alerts));
    // After the events: a consumer that bootstraps from a state finds every later event on the topic.
    await this.sendUntilAcknowledged(this.clientStateTopic, unsent(this.clientStateTopic, states));
    const last = events[events.length - 1];
    if (last === undefined) return;
    if (tail !== null && last.position >= tail.upTo) this.tail = null;
    await this.options.store.storeCheckpoint(this.checkpointName, last.position);
    this.checkpoint = last.position;
    this.published += messages.length + alerts.length;
    this.reportProgress(events.length);
  }

  private async sendUntilAcknowledged(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    let delay = this.options.retryDelayMs ?? 200;
    for (let attempt = 1; ; attempt++) {
      // Not checked before a first try: a stop lets the batch in flight finish, every send of it
      // and its checkpoint, so a clean restart sends none of it again. Only retries give up.
      if (attempt > 1 && !this.running) throw new RelayStopped('relay stopped');
      try {
        this.producer ??= await this.options.broker.producer();
        await this.producer.send(topic, messages);
        if (this.lastError !== null) {
          this.options.logger.info(
            { attempts: attempt, downSince: this.failingSince },
            'kafka reachable again; relay resumed',
          );
        }
        this.lastError = null;
        this.failingSince = null;
        return;
      } catch (error) {
        this.lastError = errorText(error);
        this.failingSince ??= new Date().toISOString();
        this.options.logger.warn(
          { attempt, retryInMs: delay, error: this.lastError, checkpoint: this.checkpoint.toString() },
          'kafka did not acknowledge a relay batch; retrying it',
        );
        // A fresh producer gets a fresh producer id: the failed one may hold sequence numbers
        // the broker never saw, which would fail every later send with OutOfOrderSequence.
        const stale = this.producer;
        this.producer = null;
        await stale?.close().catch(() => undefined);
        try {
          await sleep(delay, undefined, { signal: this.stopController.signal });
        } catch {
          throw new RelayStopped('relay stopped');
        }
        delay = Math.min(delay * 2, this.options.maxRetryDelayMs ?? 5000);
      }
    }
  }

  private reportProgress(count: number): void {
    this.sinceProgress += count;
    if (this.sinceProgress < (this.options.progressEvery ?? 50_000)) return;
    this.sinceProgress = 0;
    this.options.logger.info(
      { checkpoint: this.checkpoint.toString(), published: this.published },
      'event relay progress',
    );
  }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : 'unknown error');
