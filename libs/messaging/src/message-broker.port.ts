/**
 * The one seam between this project and a Kafka client library. The relay, the consumer kit and
 * the risk monitor speak only to these interfaces; `kafkajs/` implements them, and replacing the
 * client means writing one more implementation, nothing else.
 */

export type MessageHeaders = Readonly<Record<string, string>>;

export type OutgoingMessage = Readonly<{
  key: string;
  /** null: a tombstone, which a compacted topic keeps only until it has removed the key's records. */
  value: string | Buffer | null;
  headers?: MessageHeaders;
}>;

export type IncomingMessage = Readonly<{
  topic: string;
  partition: number;
  /** Decimal string: Kafka offsets are 64-bit. */
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: MessageHeaders;
}>;

/**
 * A topic as the apps create it. `configs` are Kafka topic configs (`cleanup.policy`,
 * `retention.ms`…) set at creation; on an existing topic they are compared, never changed.
 */
export type TopicSpec = Readonly<{ name: string; partitions: number; configs?: Readonly<Record<string, string>> }>;

export interface MessageProducer {
  /**
   * Resolves once every message is acknowledged by all in-sync replicas. Messages with the same
   * key keep their order. A rejection means some, none or all may have been written.
   */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

export type ConsumerOptions = Readonly<{
  groupId: string;
  topics: readonly string[];
  /** Where a group with no committed offset starts. */
  fromBeginning: boolean;
}>;

/**
 * Handles one partition's batch in offset order. Offsets up to the last message handled are
 * committed after it resolves; a rejection redelivers the batch from its first unhandled message.
 * `handled` marks progress inside a long batch so a rebalance does not redo finished work.
 */
export type ConsumerBatchHandler = (
  messages: readonly IncomingMessage[],
  control: Readonly<{
    handled: (message: IncomingMessage) => void;
    heartbeat: () => Promise<void>;
    isRunning: () => boolean;
    /** The partition's high watermark when the batch was fetched (the offset its next message gets): lag is measured from it. */
    highWatermark: string;
  }>,
) => Promise<void>;

export interface ConsumerHandle {
  stop(): Promise<void>;
}

/** A topic's partition count and the newest message of each partition that has one. */
export type TopicTail = Readonly<{ partitions: number; last: readonly IncomingMessage[] }>;

export interface MessageBroker {
  /**
   * Creates the topics that do not exist yet; existing ones are left as they are, and a partition
   * count or config that differs from the spec is logged.
   */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Reads the newest message of every partition of an existing topic (what a crashed producer may have left). */
  tailOf(topic: string): Promise<TopicTail>;
  /** The partition a producer of this broker puts `key` in, on a topic of `partitions` partitions. */
  partitionFor(key: string, partitions: number): number;
  producer(): Promise<MessageProducer>;
  consume(options: ConsumerOptions, handler: ConsumerBatchHandler): Promise<ConsumerHandle>;
  close(): Promise<void>;
}

/** pino-compatible: the subset the messaging code logs through. */
export type MessagingLogger = Readonly<{
  debug?: (details: object, message: string) => void;
  info: (details: object, message: string) => void;
  warn: (details: object, message: string) => void;
  error: (details: object, message: string) => void;
}>;
