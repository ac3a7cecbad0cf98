import { setTimeout as sleep } from 'node:timers/promises';
import {
  CLIENT_EVENTS_TOPIC,
  DEAD_LETTER_TOPIC,
  parseIntegrationMessage,
  dedupeStreamOf,
  type IntegrationMessage,
} from '@crm/contracts';
import type {
  ConsumerHandle,
  IncomingMessage,
  MessageBroker,
  MessageProducer,
  MessagingLogger,
} from '../message-broker.port';
import { DEFAULT_TOPIC_PARTITIONS } from '../relay/event-relay';
import type { AppliedRevisions } from './applied-revisions';
import { deadLetterFor } from './dead-letter';

export type IntegrationHandler = (message: IntegrationMessage, origin: IncomingMessage) => Promise<void>;

/** `skipped`: a type the consumer does not take (`accepts`); its revision is not marked applied. */
export type ConsumerOutcome = 'applied' | 'duplicate' | 'skipped' | 'dead-lettered';

export type IntegrationConsumerOptions = Readonly<{
  broker: MessageBroker;
  groupId: string;
  logger: MessagingLogger;
  appliedRevisions: AppliedRevisions;
  handle: IntegrationHandler;
  /**
   * The message types this consumer takes (default: all). Others are skipped without marking their
   * revision applied, so during a migration window, when an event is published under two versions
   * with one revision, a consumer of either version applies the one it takes.
   */
  accepts?: (type: string) => boolean;
  topic?: string;
  deadLetterTopic?: string;
  /** Where a new group starts; true replays the topic's whole retention. */
  fromBeginning?: boolean;
  /** Tries of the handler before the message is dead-lettered. */
  maxAttempts?: number;
  retryDelayMs?: number;
  onOutcome?: (outcome: ConsumerOutcome, origin: IncomingMessage, message: IntegrationMessage | null) => void;
}>;

export type ConsumerStats = Readonly<Record<ConsumerOutcome, number>>;

/**
 * The consumer kit for internal services. Every message is checked against its contract before
 * the handler sees it; a repeat (at or below the subject's applied revision) is dropped; a message
 * that is malformed, or that the handler fails on `maxAttempts` times, goes to the dead-letter
 * topic with its origin and the error, and the consumer carries on with the next one.
 */
export class IntegrationConsumer {
  private consumer: ConsumerHandle | null = null;
  private deadLetters: MessageProducer | null = null;
  private readonly counts: Record<ConsumerOutcome, number> = {
    applied: 0,
    duplicate: 0,
    skipped: 0,
    'dead-lettered': 0,
  };

  private constructor(private readonly options: IntegrationConsumerOptions) {}

  static async start(options: IntegrationConsumerOptions): Promise<IntegrationConsumer> {
    const kit = new IntegrationConsumer(options);
    await options.broker.ensureTopics([
      { name: kit.topic, partitions: DEFAULT_TOPIC_PARTITIONS },
      { name: kit.deadLetterTopic, partitions: DEFAULT_TOPIC_PARTITIONS },
    ]);
    kit.consumer = await options.broker.consume(
      { groupId: options.groupId, topics: [kit.topic], fromBeginning: options.fromBeginning ?? true },
      async (messages, control) => {
        for (const message of messages) {
          if (!control.isRunning()) return;
          await kit.process(message);
          control.handled(message);
          await control.heartbeat();
        }
      },
    );
    return kit;
  }

  get topic(): string {
    return this.options.topic ?? CLIENT_EVENTS_TOPIC;
  }

  get deadLetterTopic(): string {
    return this.options.deadLetterTopic ?? DEAD_LETTER_TOPIC;
  }

  stats(): ConsumerStats {
    return { ...this.counts };
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
    await this.deadLetters?.close();
    this.deadLetters = null;
  }

  private async process(origin: IncomingMessage): Promise<void> {
    const parsed = parseIntegrationMessage(origin.value ?? Buffer.alloc(0));
    if (!parsed.ok) {
      await this.deadLetter(origin, null, `invalid message: ${parsed.errors.join('; ')}`);
      return;
    }
    const message = parsed.message;
    if (origin.key !== message.subject) {
      await this.deadLetter(origin, null, 'invalid message: key does not match subject');
      return;
    }
    if (this.options.accepts?.(message.type) === false) {
      this.outcome('skipped', origin, message);
      return;
    }
    // Revisions count per stream: a client's, a manager's, or one alert's.
    const stream = dedupeStreamOf(message);
    const applied = await this.options.appliedRevisions.lastApplied(stream);
    if (applied !== null && message.streamrevision <= applied) {
      this.outcome('duplicate', origin, message);
      return;
    }
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handle(message, origin);
        break;
      } catch (error) {
        const reason = error instanceof Error ? error.message : 'handler failed';
        if (attempt >= maxAttempts) {
          await this.deadLetter(origin, message, `handler failed ${attempt} times: ${reason}`);
          return;
        }
        await sleep((this.options.retryDelayMs ?? 100) * attempt);
      }
    }
    await this.options.appliedRevisions.markApplied(stream, message.streamrevision);
    this.outcome('applied', origin, message);
  }

  private async deadLetter(origin: IncomingMessage, message: IntegrationMessage | null, error: string): Promise<void> {
    this.deadLetters ??= await this.options.broker.producer();
    await this.deadLetters.send(this.deadLetterTopic, [deadLetterFor(origin, error, this.options.groupId, new Date())]);
    this.options.logger.warn(
      { topic: origin.topic, partition: origin.partition, offset: origin.offset, error },
      'message sent to the dead-letter topic',
    );
    this.outcome('dead-lettered', origin, message);
  }

  private outcome(outcome: ConsumerOutcome, origin: IncomingMessage, message: IntegrationMessage | null): void {
    this.counts[outcome] += 1;
    this.options.onOutcome?.(outcome, origin, message);
  }
}
