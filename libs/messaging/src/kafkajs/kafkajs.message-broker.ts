import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, ICustomPartitioner, IHeaders, Kafka, Producer, RetryOptions } from 'kafkajs';
import type {
  ConsumerBatchHandler,
  ConsumerHandle,
  ConsumerOptions,
  IncomingMessage,
  MessageBroker,
  MessageHeaders,
  MessageProducer,
  MessagingLogger,
  OutgoingMessage,
  TopicSpec,
  TopicTail,
} from '../message-broker.port';
import { kafkajsLogCreator } from './kafkajs-log';
import { kafkajs } from './kafkajs-module';
import { dropKafkajsNegativeTimeoutWarnings } from './kafkajs-negative-timeout';

export type KafkajsBrokerOptions = Readonly<{
  brokers: readonly string[];
  clientId: string;
  logger: MessagingLogger;
  /** Log kafkajs's INFO lines too (joins, rebalances); off by default to keep logs quiet. */
  verbose?: boolean;
  /**
   * How long a send keeps retrying inside kafkajs before it gives up to the caller. kafkajs's
   * idempotent default is to retry forever, which hides an outage from the caller and makes a
   * send impossible to stop; callers here retry whole batches themselves with a fresh producer.
   */
  retry?: RetryOptions;
}>;

/**
 * kafkajs behind the MessageBroker port. Producers are idempotent with one request in flight and
 * wait for all in-sync replicas, so a key's messages keep their order across retries. Partitions
 * come from kafkajs's Java-compatible murmur2 partitioner: a Java consumer or `kcat` computes the
 * same partition for a client id.
 */
export class KafkajsMessageBroker implements MessageBroker {
  private readonly kafka: Kafka;
  /** The producers' own partitioner, so partitionFor answers what a send does. */
  private readonly partitioner: ReturnType<ICustomPartitioner>;
  private readonly producers = new Set<Producer>();
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkajsBrokerOptions) {
    // Every process that talks to Kafka goes through here: the one place to quiet kafkajs's
    // harmless negative-timeout warning on Node 24 (see the function).
    dropKafkajsNegativeTimeoutWarnings();
    const { Kafka, logLevel, Partitioners } = kafkajs();
    this.partitioner = Partitioners.DefaultPartitioner();
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      connectionTimeout: 3000,
      requestTimeout: 30000,
      logLevel: options.verbose ? logLevel.INFO : logLevel.WARN,
      logCreator: kafkajsLogCreator(options.logger),
      retry: { initialRetryTime: 100, maxRetryTime: 5000, retries: 8 },
    });
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic.name));
      if (missing.length > 0) {
        try {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({
              topic: topic.name,
              numPartitions: topic.partitions,
              configEntries: Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value })),
            })),
          });
        } catch (error) {
          // Another process (the relay, a consumer) may create the same topic at the same moment.
          const now = new Set(await admin.listTopics());
          if (!missing.every((topic) => now.has(topic.name))) throw error;
        }
      }
      const present = topics.filter((topic) => existing.has(topic.name));
      if (present.length > 0) {
        const metadata = await admin.fetchTopicMetadata({ topics: present.map((topic) => topic.name) });
        for (const topic of metadata.topics) {
          const wanted = present.find((spec) => spec.name === topic.name)?.partitions ?? 0;
          if (topic.partitions.length !== wanted) {
            // Repartitioning moves clients to other partitions and breaks per-client order for
            // consumers mid-stream; it is an operator's decision, never done silently.
            this.options.logger.warn(
              { topic: topic.name, partitions: topic.partitions.length, configured: wanted },
              'topic exists with a different partition count; left as it is',
            );
          }
        }
        await this.compareConfigs(admin, present);
      }
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * An existing topic keeps its configs: changing a retention or a cleanup policy is an
   * operator's decision (a compacted topic turned to delete loses its history). A difference is
   * logged at error level, since consumers may depend on what the spec asks for.
   */
  private async compareConfigs(admin: Admin, present: readonly TopicSpec[]): Promise<void> {
    const checked = present.filter((topic) => Object.keys(topic.configs ?? {}).length > 0);
    if (checked.length === 0) return;
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: checked.map((topic) => ({
        type: kafkajs().ConfigResourceTypes.TOPIC,
        name: topic.name,
        configNames: Object.keys(topic.configs ?? {}),
      })),
    });
    for (const resource of described.resources) {
      const wanted = checked.find((topic) => topic.name === resource.resourceName)?.configs ?? {};
      for (const entry of resource.configEntries) {
        const expected = wanted[entry.configName];
        if (expected === undefined || entry.configValue === expected) continue;
        this.options.logger.error(
          { topic: resource.resourceName, config: entry.configName, value: entry.configValue, expected },
          'topic exists with a different config; left as it is',
        );
      }
    }
  }

  async tailOf(topic: string): Promise<TopicTail> {
    const offsets = await this.topicOffsets(topic);
    const wanted = new Map(
      offsets
        .filter((partition) => BigInt(partition.high) > BigInt(partition.low))
        .map((partition) => [partition.partition, BigInt(partition.high) - 1n]),
    );
    if (wanted.size === 0) return { partitions: offsets.length, last: [] };
    return { partitions: offsets.length, last: await this.readAt(topic, wanted) };
  }

  /** Retried a few times: right after a topic is created its leaders may not be known to every broker yet. */
  private async topicOffsets(topic: string): Promise<Awaited<ReturnType<Admin['fetchTopicOffsets']>>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await admin.fetchTopicOffsets(topic);
        } catch (error) {
          if (attempt >= 5 || !(error instanceof kafkajs().KafkaJSError) || !error.retriable) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    } finally {
      await admin.disconnect();
    }
  }

  partitionFor(key: string, partitions: number): number {
    const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
      offlineReplicas: [],
      partitionErrorCode: 0,
    }));
    return this.partitioner({ topic: '', partitionMetadata, message: { key, value: null } });
  }

  /**
   * One message per partition at the given offsets (or the first after, should one be gone), by a
   * consumer of a group of its own that commits nothing and leaves once it has them all.
   */
  private async readAt(topic: string, offsets: ReadonlyMap<number, bigint>): Promise<IncomingMessage[]> {
    const consumer = this.kafka.consumer({ groupId: `${this.options.clientId}-tail-${randomUUID()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: false });
      const found = new Map<number, IncomingMessage>();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no tail of ${topic} within ${TAIL_TIMEOUT_MS} ms`)),
          TAIL_TIMEOUT_MS,
        );
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const wanted = offsets.get(partition);
              if (wanted === undefined || found.has(partition) || BigInt(message.offset) < wanted) return;
              found.set(partition, {
                topic,
                partition,
                offset: message.offset,
                key: message.key ? message.key.toString('utf8') : null,
                value: message.value,
                headers: plainHeaders(message.headers),
              });
              if (found.size === offsets.size) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .then(() => {
            for (const [partition, offset] of offsets) consumer.seek({ topic, partition, offset: offset.toString() });
          }, reject);
      });
      return [...found.values()];
    } finally {
      await consumer.disconnect();
    }
  }

  async producer(): Promise<MessageProducer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: kafkajs().Partitioners.DefaultPartitioner,
      retry: this.options.retry ?? { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    await producer.connect();
    this.producers.add(producer);
    return {
      send: async (topic: string, messages: readonly OutgoingMessage[]) => {
        if (messages.length === 0) return;
        await producer.send({
          topic,
          acks: -1,
          compression: kafkajs().CompressionTypes.None,
          messages: messages.map((message) => ({
            key: message.key,
            value: message.value,
            ...(message.headers ? { headers: { ...message.headers } } : {}),
          })),
        });
      },
      close: async () => {
        this.producers.delete(producer);
        await producer.disconnect();
      },
    };
  }

  async consume(options: ConsumerOptions, handler: ConsumerBatchHandler): Promise<ConsumerHandle> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // A member that dies (SIGKILL, a lost host) holds its partitions until its session lapses;
      // 10 s keeps that pause short while staying well above a busy event loop's hiccups.
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
    });
    await consumer.connect();
    this.consumers.add(consumer);
    for (const topic of options.topics) {
      await subscribeWhenKnown(() => consumer.subscribe({ topic, fromBeginning: options.fromBeginning }));
    }
    consumer.on(consumer.events.CRASH, (event) => {
      this.options.logger.error(
        { groupId: options.groupId, restart: event.payload.restart, error: event.payload.error.message },
        'kafka consumer crashed',
      );
    });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const messages: IncomingMessage[] = batch.messages.map((message) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key ? message.key.toString('utf8') : null,
          value: message.value,
          headers: plainHeaders(message.headers),
        }));
        await handler(messages, {
          handled: (message) => resolveOffset(message.offset),
          heartbeat,
          isRunning: () => isRunning() && !isStale(),
          highWatermark: batch.highWatermark,
        });
        await commitOffsetsIfNecessary();
      },
    });
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((consumer) => consumer.disconnect()));
    await Promise.allSettled([...this.producers].map((producer) => producer.disconnect()));
    this.consumers.clear();
    this.producers.clear();
  }
}

/** A tail read waits for a consumer group to form and fetch: seconds on a healthy broker. */
const TAIL_TIMEOUT_MS = 30_000;

const plainHeaders = (headers: IHeaders | undefined): MessageHeaders => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
};

/**
 * A topic created a moment ago (by the relay, by another replica) may not be in every broker's
 * metadata yet: subscribing then fails with a retriable error ("does not host this
 * topic-partition"). Retried a few times with backoff, about 6 s in all; any other error, or the
 * same one past that, is the caller's.
 */
const subscribeWhenKnown = async (subscribe: () => Promise<void>): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await subscribe();
      return;
    } catch (error) {
      const retriable = (error as { retriable?: unknown }).retriable === true;
      if (!retriable || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2_000)));
    }
  }
};
