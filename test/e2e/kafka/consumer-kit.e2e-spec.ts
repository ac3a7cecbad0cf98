import { join } from 'node:path';
import { toIntegrationMessage, type IntegrationMessage } from '@crm/contracts';
import { SqliteEventStore } from '@crm/event-store';
import {
  DEAD_LETTER_HEADERS,
  InMemoryAppliedRevisions,
  sourceEventOf,
  IntegrationConsumer,
  type MessageBroker,
  type OutgoingMessage,
} from '@crm/messaging';
import {
  appendClientEventMix,
  collectMessages,
  describeWithKafka,
  generateClientEventMix,
  scratchDir,
  silentLogger,
  testBroker,
  uniqueName,
} from '@crm/testing';

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

describeWithKafka('consumer kit on a real Kafka broker', () => {
  let broker: MessageBroker;
  let dir: ReturnType<typeof scratchDir>;

  beforeEach(() => {
    broker = testBroker();
    dir = scratchDir('consumer-kit');
  });

  afterEach(async () => {
    await broker.close();
    dir.cleanup();
  });

  /** Real integration messages, made by the contract from events the store recorded. */
  const realMessages = async (): Promise<IntegrationMessage[]> => {
    const store = await SqliteEventStore.open(join(dir.path, 'crm.sqlite'), { synchronous: 'OFF' });
    await appendClientEventMix(store, generateClientEventMix({ clients: 3, managers: 1, events: 40, seed: 9 }));
    const log = await store.readAll();
    await store.close();
    return log
      .filter((event) => event.streamId.startsWith('client-'))
      .map((event) => toIntegrationMessage(sourceEventOf(event)))
      .filter((message): message is IntegrationMessage => message !== null);
  };

  const asKafka = (message: IntegrationMessage): OutgoingMessage => ({
    key: message.subject,
    value: JSON.stringify(message),
  });

  it('dead-letters what it cannot process, with the error and origin, and carries on', async () => {
    const topic = uniqueName('client-events');
    const deadLetterTopic = uniqueName('dead-letter');
    const messages = await realMessages();
    const subject = messages[0]?.subject;
    const [first, second, third] = messages.filter((message) => message.subject === subject);
    const poisoned = messages.find((message) => message.subject !== subject);
    if (!first || !second || !third || !poisoned) throw new Error('the mix is too small');

    const producer = await broker.producer();
    await broker.ensureTopics([{ name: topic, partitions: 1 }]);
    await producer.send(topic, [
      asKafka(first),
      { key: first.subject, value: '{"specversion":"1.0", not json' },
      {
        key: first.subject,
        value: JSON.stringify({ ...second, data: { ...second.data, legalName: 'Smuggled Name Ltd' } }),
      },
      { key: 'someone-else', value: JSON.stringify(second) },
      asKafka(poisoned),
      asKafka(second),
      asKafka(first),
      asKafka(third),
    ]);
    await producer.close();

    const applied: string[] = [];
    const consumer = await IntegrationConsumer.start({
      broker,
      groupId: uniqueName('kit'),
      topic,
      deadLetterTopic,
      logger: silentLogger,
      appliedRevisions: new InMemoryAppliedRevisions(),
      maxAttempts: 2,
      retryDelayMs: 10,
      handle: async (message) => {
        if (message.id === poisoned.id) throw new Error('handler cannot process this one');
        applied.push(message.id);
      },
    });
    try {
      const deadline = Date.now() + 30_000;
      while (applied.length < 3 && Date.now() < deadline) await sleep(50);
      expect(applied).toEqual([first.id, second.id, third.id]);

      const deadLetters = (await collectMessages(broker, [deadLetterTopic], (received) => received.length >= 4)).sort(
        (a, b) =>
          Number(a.headers[DEAD_LETTER_HEADERS.originOffset]) - Number(b.headers[DEAD_LETTER_HEADERS.originOffset]),
      );
      expect(deadLetters).toHaveLength(4);
      const errors = deadLetters.map((message) => message.headers[DEAD_LETTER_HEADERS.error] ?? '');
      expect(errors[0]).toMatch(/^invalid message/);
      expect(errors[1]).toMatch(/^invalid message: .*legalName/);
      expect(errors[1]).not.toContain('Smuggled Name');
      expect(errors[2]).toBe('invalid message: key does not match subject');
      expect(errors[3]).toBe('handler failed 2 times: handler cannot process this one');
      for (const letter of deadLetters) {
        expect(letter.headers[DEAD_LETTER_HEADERS.originTopic]).toBe(topic);
        expect(letter.headers[DEAD_LETTER_HEADERS.originOffset]).toMatch(/^\d+$/);
      }
      expect(deadLetters[3]?.value?.toString()).toBe(JSON.stringify(poisoned));
      expect(consumer.stats()).toEqual({ applied: 3, duplicate: 1, skipped: 0, 'dead-lettered': 4 });
    } finally {
      await consumer.stop();
    }
  });
});
