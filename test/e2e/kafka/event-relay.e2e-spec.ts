import { join } from 'node:path';
import { parseIntegrationMessage, type IntegrationMessage } from '@crm/contracts';
import { SqliteEventStore, type RecordedEvent } from '@crm/event-store';
import { EventRelay, RELAY_CHECKPOINT, type IncomingMessage, type MessageBroker } from '@crm/messaging';
import {
  appendClientEventMix,
  collectMessages,
  describeWithKafka,
  generateClientEventMix,
  scratchDir,
  silentLogger,
  testBroker,
  topicMessageCount,
  uniqueName,
} from '@crm/testing';

/** What the event mix writes into personal fields (names, registration numbers, contacts, summaries). */
const PERSONAL_MARKERS = [
  /Co\., Ltd\./,
  /\+86 21 5555/,
  /@example\.cn/,
  /Discussed working capital/,
  /9131[0-9a-f]{12}/,
];

const decode = (message: IncomingMessage): IntegrationMessage => {
  const parsed = parseIntegrationMessage(message.value);
  if (!parsed.ok) throw new Error(`offset ${message.offset}: ${parsed.errors.join('; ')}`);
  return parsed.message;
};

const subjectOf = (event: RecordedEvent): string => event.streamId.replace(/^(client|manager)-/, '');

describeWithKafka('event relay on a real Kafka broker', () => {
  let dir: ReturnType<typeof scratchDir>;
  let store: SqliteEventStore;
  let broker: MessageBroker;
  let topic: string;
  const relays: EventRelay[] = [];

  beforeEach(async () => {
    dir = scratchDir('relay');
    store = await SqliteEventStore.open(join(dir.path, 'crm.sqlite'), { synchronous: 'NORMAL' });
    broker = testBroker();
    topic = uniqueName('client-events');
  });

  afterEach(async () => {
    for (const relay of relays.splice(0)) await relay.stop();
    await broker.close();
    await store.close();
    dir.cleanup();
  });

  const startRelay = async (): Promise<EventRelay> => {
    const relay = await EventRelay.start({ store, broker, topic, logger: silentLogger, partitions: 6, batchSize: 250 });
    relays.push(relay);
    return relay;
  };

  it('publishes every event once, in stream order per client, each client on one partition, without personal data', async () => {
    await appendClientEventMix(store, generateClientEventMix({ clients: 40, managers: 5, events: 3000, seed: 7 }));
    const log = await store.readAll();
    const relay = await startRelay();
    await relay.caughtUp;
    expect(relay.position()).toBe(await store.headPosition());

    expect(await topicMessageCount(topic)).toBe(log.length);
    const messages = await collectMessages(broker, [topic], (received) => received.length >= log.length);
    expect(messages).toHaveLength(log.length);

    const decoded = messages.map((message) => ({ raw: message, event: decode(message) }));
    expect(new Set(decoded.map(({ event }) => event.id)).size).toBe(log.length);
    expect(new Set(decoded.map(({ event }) => event.id))).toEqual(new Set(log.map((event) => event.eventId)));

    const bySubject = new Map<string, { partitions: Set<number>; revisions: number[] }>();
    for (const { raw, event } of decoded) {
      expect(raw.key).toBe(event.subject);
      const entry = bySubject.get(event.subject) ?? { partitions: new Set(), revisions: [] };
      entry.partitions.add(raw.partition);
      entry.revisions.push(event.streamrevision);
      bySubject.set(event.subject, entry);
    }
    const expectedSubjects = new Set(log.map(subjectOf));
    expect(new Set(bySubject.keys())).toEqual(expectedSubjects);
    for (const [subject, { partitions, revisions }] of bySubject) {
      expect({ subject, partitions: partitions.size }).toEqual({ subject, partitions: 1 });
      // Offsets within a partition are what consumers see: revisions must count up from 0 without gaps.
      expect(revisions).toEqual(revisions.map((_, index) => index));
    }
    const usedPartitions = new Set(messages.map((message) => message.partition));
    expect(usedPartitions.size).toBeGreaterThan(1);

    const everything = messages.map((message) => message.value?.toString('utf8') ?? '').join('\n');
    expect(PERSONAL_MARKERS.filter((marker) => marker.test(everything))).toEqual([]);
  });

  it('resumes from its checkpoint after a clean stop without sending anything again', async () => {
    const mix = generateClientEventMix({ clients: 10, managers: 2, events: 600, seed: 11 });
    await appendClientEventMix(store, mix.slice(0, 300));
    const first = await startRelay();
    await first.caughtUp;
    await first.stop();
    relays.splice(relays.indexOf(first), 1);

    await appendClientEventMix(store, mix.slice(300));
    const second = await startRelay();
    await second.caughtUp;
    expect(second.position()).toBe(await store.headPosition());

    expect(await topicMessageCount(topic)).toBe(mix.length);
    const messages = await collectMessages(broker, [topic], (received) => received.length >= mix.length);
    expect(new Set(messages.map((message) => decode(message).id)).size).toBe(mix.length);
  });

  /** A contact stored without its channel (corrupt, with a personal summary), then a valid event of the same client. */
  const appendBrokenThenValid = async (): Promise<string> => {
    const clientId = '0190a4c2-0000-7000-8000-00000000c0de';
    const metadata = {
      occurredAt: '2026-11-01T09:00:00.000Z',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      actor: { userId: 'u-1', role: 'admin' },
    };
    await store.appendToStream(
      `client-${clientId}`,
      [
        // Corrupt data in the store: a contact without its channel, carrying a personal summary.
        {
          eventId: '0190a4c2-0000-7000-8000-0000000000e1',
          type: 'ContactLogged',
          schemaVersion: 1,
          metadata,
          data: {
            contactId: 'c-1',
            managerId: 'M-1',
            purpose: 'service',
            summary: 'Secret summary of Mr Zhang',
            occurredAt: metadata.occurredAt,
          },
        },
        {
          eventId: '0190a4c2-0000-7000-8000-0000000000e2',
          type: 'FollowUpCompleted',
          schemaVersion: 1,
          metadata,
          data: { contactId: 'c-1', completedAt: metadata.occurredAt },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    return clientId;
  };

  it('dead-letters an event that breaks its contract (ids and error only) and carries on', async () => {
    const clientId = await appendBrokenThenValid();
    const deadLetterTopic = uniqueName('dead-letter');
    const relay = await EventRelay.start({
      store,
      broker,
      topic,
      deadLetterTopic,
      logger: silentLogger,
      partitions: 2,
    });
    relays.push(relay);
    await relay.caughtUp;

    const published = await collectMessages(broker, [topic], (received) => received.length >= 1);
    expect(published.map((message) => decode(message).type)).toEqual(['bank.crm.FollowUpCompleted.v1']);
    const [letter] = await collectMessages(broker, [deadLetterTopic], (received) => received.length >= 1);
    expect(JSON.parse(letter?.value?.toString() ?? '{}')).toEqual({
      eventId: '0190a4c2-0000-7000-8000-0000000000e1',
      streamId: `client-${clientId}`,
      type: 'ContactLogged',
      revision: 0,
      position: '1',
    });
    expect(letter?.headers['dlq-error']).toMatch(/^relay: .*channel/);
    expect(JSON.stringify(letter)).not.toContain('Zhang');
  });

  it('finishes the batch in flight and its checkpoint when stopped, so a restart sends nothing twice', async () => {
    await appendBrokenThenValid();
    const deadLetterTopic = uniqueName('dead-letter');
    // The batch is a dead letter then a message: two sends. The stop lands while the first is in flight.
    let sending: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (sending = resolve));
    const slow: MessageBroker = {
      ensureTopics: (topics) => broker.ensureTopics(topics),
      consume: (options, handler) => broker.consume(options, handler),
      tailOf: (name) => broker.tailOf(name),
      partitionFor: (key, partitions) => broker.partitionFor(key, partitions),
      close: async () => undefined,
      producer: async () => {
        const producer = await broker.producer();
        return {
          send: async (to, messages) => {
            sending();
            await new Promise((resolve) => setTimeout(resolve, 300));
            await producer.send(to, messages);
          },
          close: () => producer.close(),
        };
      },
    };
    const first = await EventRelay.start({
      store,
      broker: slow,
      topic,
      deadLetterTopic,
      logger: silentLogger,
      partitions: 2,
    });
    await inFlight;
    await first.stop();
    expect(first.position()).toBe(await store.headPosition());

    const second = await EventRelay.start({
      store,
      broker,
      topic,
      deadLetterTopic,
      logger: silentLogger,
      partitions: 2,
    });
    relays.push(second);
    await second.caughtUp;
    expect(await topicMessageCount(topic)).toBe(1);
    expect(await topicMessageCount(deadLetterTopic)).toBe(1);
  });

  it('does not send again what Kafka acknowledged before a checkpoint that was never stored', async () => {
    const mix = generateClientEventMix({ clients: 10, managers: 2, events: 300, seed: 5 });
    await appendClientEventMix(store, mix);
    // The first checkpoint write fails, as if the process died between Kafka's ack and the store.
    let failed = false;
    const crashing = new Proxy(store, {
      get(target, property) {
        if (property === 'storeCheckpoint') {
          return async (name: string, position: bigint) => {
            if (name === RELAY_CHECKPOINT && !failed) {
              failed = true;
              throw new Error('died before the checkpoint');
            }
            return target.storeCheckpoint(name, position);
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const relay = await EventRelay.start({
      store: crashing,
      broker,
      topic,
      logger: silentLogger,
      partitions: 6,
      batchSize: 100,
      retryDelayMs: 50,
    });
    relays.push(relay);
    const head = await store.headPosition();
    const deadline = Date.now() + 60_000;
    while (relay.position() < head && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(failed).toBe(true);
    expect(relay.position()).toBe(head);
    expect(await topicMessageCount(topic)).toBe(mix.length);
    const messages = await collectMessages(broker, [topic], (received) => received.length >= mix.length);
    expect(new Set(messages.map((message) => decode(message).id)).size).toBe(mix.length);
  });

  it('publishes live appends as they commit', async () => {
    const relay = await startRelay();
    await relay.caughtUp;
    const mix = generateClientEventMix({ clients: 5, managers: 1, events: 200, seed: 3 });
    await appendClientEventMix(store, mix, 20);
    const messages = await collectMessages(broker, [topic], (received) => received.length >= mix.length);
    expect(new Set(messages.map((message) => decode(message).id)).size).toBe(mix.length);
  });
});
