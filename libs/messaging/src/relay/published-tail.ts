import { DEAD_LETTER_HEADERS } from '../consumer-kit/dead-letter';
import type { IncomingMessage, MessageBroker, OutgoingMessage } from '../message-broker.port';

/** The log position of the event a relayed message carries (dead letters carry it as their origin offset). */
export const POSITION_HEADER = 'crm-log-position';

const positionOf = (message: IncomingMessage): bigint | null => {
  const raw = message.headers[POSITION_HEADER] ?? message.headers[DEAD_LETTER_HEADERS.originOffset];
  return raw !== undefined && /^\d{1,19}$/.test(raw) ? BigInt(raw) : null;
};

type Topic = Readonly<{ partitions: number; held: ReadonlyMap<number, bigint> }>;

/**
 * What the relay's topics already hold beyond its checkpoint, after a crash between Kafka's
 * acknowledgement and the checkpoint. The relay publishes in log order and each partition keeps
 * its order, so a partition whose newest message carries position P holds every event up to P
 * that belongs in it: those are skipped, and a consumer that does not deduplicate still sees each
 * event once. Messages without a position (sent before the header existed) hold nothing.
 */
export class PublishedTail {
  private constructor(
    private readonly broker: MessageBroker,
    private readonly topics: ReadonlyMap<string, Topic>,
    /** The newest position any partition holds: past it, nothing is skipped. */
    readonly upTo: bigint,
  ) {}

  static async read(broker: MessageBroker, topics: readonly string[]): Promise<PublishedTail> {
    const read = new Map<string, Topic>();
    let upTo = -1n;
    for (const topic of topics) {
      const tail = await broker.tailOf(topic);
      const held = new Map<number, bigint>();
      for (const message of tail.last) {
        const position = positionOf(message);
        if (position === null) continue;
        held.set(message.partition, position);
        if (position > upTo) upTo = position;
      }
      read.set(topic, { partitions: tail.partitions, held });
    }
    return new PublishedTail(broker, read, upTo);
  }

  /** The messages of `topic` Kafka does not hold yet. */
  missing(topic: string, messages: readonly OutgoingMessage[]): OutgoingMessage[] {
    const known = this.topics.get(topic);
    if (known === undefined || known.held.size === 0) return [...messages];
    return messages.filter((message) => {
      const position = message.headers?.[POSITION_HEADER] ?? message.headers?.[DEAD_LETTER_HEADERS.originOffset];
      if (position === undefined) return true;
      const held = known.held.get(this.broker.partitionFor(message.key, known.partitions));
      return held === undefined || BigInt(position) > held;
    });
  }
}
