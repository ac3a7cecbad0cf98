import { CLIENT_EVENTS_TOPIC, DEAD_LETTER_TOPIC, parseIntegrationMessage } from '@crm/contracts';
import {
  deadLetterFor,
  type ConsumerHandle,
  type IncomingMessage,
  type MessageBroker,
  type MessageProducer,
  type MessagingLogger,
} from '@crm/messaging';
import { TRACEPARENT_HEADER, TRACESTATE_HEADER } from '@crm/platform';
import type { RiskMonitor } from '../engine/risk-monitor';
import { traceOf } from '../engine/risk-trace';
import type { ParkedPayload } from '../state/risk-state-store.port';
import { riskInputOfMessage } from './integration-message.mapping';
import type { RiskEventSource } from './risk-event-source.port';

export type KafkaRiskSourceOptions = Readonly<{
  broker: MessageBroker;
  monitor: RiskMonitor;
  logger: MessagingLogger;
  groupId: string;
  topic?: string;
  deadLetterTopic?: string;
  partitions: number;
}>;

/**
 * Server mode: a consumer group on crm.client-events.v1. Partitions are by client, so each
 * instance sees all of its clients' events in order; their state lives in the shared risk-state
 * store, which is how a rebalance hands clients over. A message the monitor cannot process parks
 * only its client (by key) and is copied to the dead-letter topic; offsets move on.
 */
export class KafkaRiskSource implements RiskEventSource {
  readonly name = 'kafka';
  private consumer: ConsumerHandle | null = null;
  private deadLetters: MessageProducer | null = null;
  private readonly origins = new Map<ParkedPayload, IncomingMessage>();

  constructor(private readonly options: KafkaRiskSourceOptions) {}

  get topic(): string {
    return this.options.topic ?? CLIENT_EVENTS_TOPIC;
  }

  get deadLetterTopic(): string {
    return this.options.deadLetterTopic ?? DEAD_LETTER_TOPIC;
  }

  /** The monitor's dead-letter hook: the original message when there is one, else the input. */
  readonly deadLetter = async (clientId: string, payload: ParkedPayload, error: string): Promise<void> => {
    this.deadLetters ??= await this.options.broker.producer();
    const origin = this.origins.get(payload);
    const message: IncomingMessage = origin ?? {
      topic: this.topic,
      partition: -1,
      offset: '-1',
      key: clientId,
      value: Buffer.from(JSON.stringify(payload)),
      headers: {},
    };
    await this.deadLetters.send(this.deadLetterTopic, [
      deadLetterFor(message, `risk monitor: ${error}`, this.options.groupId, new Date()),
    ]);
  };

  async start(): Promise<void> {
    await this.options.broker.ensureTopics([
      { name: this.topic, partitions: this.options.partitions },
      { name: this.deadLetterTopic, partitions: this.options.partitions },
    ]);
    this.consumer = await this.options.broker.consume(
      { groupId: this.options.groupId, topics: [this.topic], fromBeginning: true },
      async (messages, control) => {
        const pending: Promise<unknown>[] = [];
        for (const message of messages) {
          const work = this.route(message);
          if (work) pending.push(work);
        }
        // The monitor keeps each client's inputs in order; offsets are committed once all are settled.
        await Promise.all(pending);
        const last = messages[messages.length - 1];
        if (last !== undefined) control.handled(last);
      },
    );
  }

  /** Progress is the consumer group's committed offsets, seen in Kafka's lag, not a log position. */
  position(): null {
    return null;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
    await this.deadLetters?.close();
    this.deadLetters = null;
  }

  private route(message: IncomingMessage): Promise<unknown> | null {
    const parsed = parseIntegrationMessage(message.value ?? Buffer.alloc(0));
    if (!parsed.ok) {
      if (!message.key) {
        this.options.logger.warn(
          { partition: message.partition, offset: message.offset },
          'unreadable message without a key skipped',
        );
        return this.deadLetter(
          '',
          { kind: 'raw', value: (message.value ?? Buffer.alloc(0)).toString('base64'), origin: this.where(message) },
          'invalid message without a key',
        );
      }
      const payload: ParkedPayload = {
        kind: 'raw',
        value: (message.value ?? Buffer.alloc(0)).toString('base64'),
        origin: this.where(message),
      };
      return this.withOrigin(payload, message, () => this.options.monitor.accept(message.key as string, payload));
    }
    const input = riskInputOfMessage(parsed.message, this.options.monitor.timeZone);
    if (!input.ok || !input.relevant) return null;
    const payload: ParkedPayload = {
      kind: 'event',
      revision: input.revision,
      event: input.event,
      ...traceOf(message.headers[TRACEPARENT_HEADER], message.headers[TRACESTATE_HEADER]),
    };
    return this.withOrigin(payload, message, () => this.options.monitor.accept(input.clientId, payload));
  }

  private async withOrigin<T>(payload: ParkedPayload, message: IncomingMessage, work: () => Promise<T>): Promise<T> {
    this.origins.set(payload, message);
    try {
      return await work();
    } finally {
      this.origins.delete(payload);
    }
  }

  private where(message: IncomingMessage): string {
    return `${message.topic}/${message.partition}@${message.offset}`;
  }
}
