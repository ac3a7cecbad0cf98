import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { parseIntegrationMessage, type IntegrationMessage } from '@crm/contracts';
import { SqliteEventStore } from '@crm/event-store';
import { EventRelay, type IncomingMessage, type MessageBroker } from '@crm/messaging';
import {
  collectMessages,
  describeWithKafka,
  KAFKA_TEST_BROKERS,
  onboardClient,
  scratchDir,
  sendClientCommand,
  silentLogger,
  testBroker,
  topicMessageCount,
  uniqueName,
  type ClientCommandBody,
} from '@crm/testing';

const CLIENTS = 250;
/** Per client, after the two onboarding events: 250 × 200 = 50,000 events before the late consumer starts. */
const EARLY_COMMANDS = 198;
const LATE_COMMANDS = 8;

const MANAGERS = ['M-1', 'M-2'].map((managerId) => ({
  managerId,
  name: managerId,
  branchId: 'BR-1',
  level: 'senior' as const,
  active: true,
  absentUntil: null,
}));

/** The n-th command of a client: mostly contacts, with a manager, tier or rating change now and then. */
const commandOf = (clientId: string, n: number): ClientCommandBody => {
  // Odd and even clients end with different managers, so their final states differ.
  const manager = MANAGERS[(Math.floor(n / 20) + Number(clientId.slice(-1))) % 2]!;
  switch (n % 20) {
    case 0:
      return { type: 'AssignManager', data: { manager, managerId: manager.managerId, reason: 'rotation' } };
    case 5:
      return {
        type: 'ChangeTier',
        data: { tier: Math.floor(n / 20) % 2 === 0 ? 'key' : 'standard', reason: 'review', currentManager: manager },
      };
    case 10:
      return {
        type: 'ChangeCreditRating',
        data: { rating: Math.floor(n / 20) % 2 === 0 ? 'A' : 'BBB', reason: 'review' },
      };
    default:
      return {
        type: 'LogContact',
        data: {
          contactId: `${clientId}-c-${n}`,
          managerId: manager.managerId,
          manager,
          channel: 'call',
          purpose: 'relationship',
          summary: 'Quarterly call',
          occurredAt: '2026-11-02T02:00:00.000Z',
        },
      };
  }
};

type Known = { revision: number; context: unknown };

/** What a routing consumer keeps: each client's latest context, at the revision it came with. */
const parseMessage = (message: IncomingMessage): IntegrationMessage => {
  const parsed = parseIntegrationMessage(message.value);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.message;
};

const follow = (known: Map<string, Known>, message: IncomingMessage): void => {
  const { subject, streamrevision, data } = parseMessage(message);
  if ((known.get(subject)?.revision ?? -1) >= streamrevision) return;
  known.set(subject, { revision: streamrevision, context: data.context });
};

describeWithKafka('bootstrapping a consumer from the client-state topic', () => {
  const dir = scratchDir('client-state');
  let store: SqliteEventStore;
  let broker: MessageBroker;
  let relay: EventRelay;
  const topics = {
    topic: uniqueName('client-events'),
    riskAlertsTopic: uniqueName('risk-alerts'),
    deadLetterTopic: uniqueName('dead-letter'),
    clientStateTopic: uniqueName('client-state'),
  };
  const kafka = new Kafka({
    brokers: [...KAFKA_TEST_BROKERS],
    clientId: uniqueName('bootstrap'),
    logLevel: logLevel.NOTHING,
  });

  beforeAll(async () => {
    store = await SqliteEventStore.open(join(dir.path, 'crm.sqlite'), { synchronous: 'NORMAL' });
    broker = testBroker();
    relay = await EventRelay.start({ store, broker, logger: silentLogger, partitions: 3, ...topics });
  });

  afterAll(async () => {
    await relay?.stop();
    await broker?.close();
    await store?.close();
    dir.cleanup();
  });

  /** Clients in parallel, each client's commands in order (as the API would take them). */
  const write = async (from: number, count: number): Promise<void> => {
    const ids = Array.from({ length: CLIENTS }, (_, i) => `C-${String(i).padStart(4, '0')}`);
    await Promise.all(
      ids.map(async (clientId) => {
        if (from === 0) await onboardClient(store, clientId, '2026-11-02T01:00:00.000Z');
        for (let n = from; n < from + count; n++) {
          await sendClientCommand(store, clientId, '2026-11-02T02:00:00.000Z', commandOf(clientId, n));
        }
      }),
    );
  };

  it('reads each client’s state, then only the events after it, to the state of a consumer that read everything', async () => {
    await write(0, EARLY_COMMANDS);
    expect(await store.headPosition()).toBe(50_000n);
    await relay.caughtUp;
    await waitFor(async () => relay.position() === (await store.headPosition()));

    // The late consumer: it notes where the event topic is now, reads the state topic to its end,
    // then follows the event topic from the noted time, dropping what its states already hold.
    const startedAt = Date.now();
    const admin = kafka.admin();
    await admin.connect();
    const from = await admin.fetchTopicOffsetsByTimestamp(topics.topic, startedAt);
    await admin.disconnect();
    const stateRecords = await topicMessageCount(topics.clientStateTopic);
    const states = await collectMessages(broker, [topics.clientStateTopic], (got) => got.length >= stateRecords);
    const late = new Map<string, Known>();
    for (const record of states) {
      const state = JSON.parse(String(record.value)) as Record<string, unknown> & { streamrevision: number };
      const { branchId, segment, tier, managerId } = state;
      late.set(String(record.key), { revision: state.streamrevision, context: { branchId, segment, tier, managerId } });
    }
    expect(late.size).toBe(CLIENTS);

    await write(EARLY_COMMANDS, LATE_COMMANDS);
    const total = CLIENTS * (2 + EARLY_COMMANDS + LATE_COMMANDS);
    await waitFor(async () => relay.position() === (await store.headPosition()));

    const lateEvents = await readFrom(kafka, topics.topic, from, CLIENTS * LATE_COMMANDS);
    for (const message of lateEvents) follow(late, message);
    expect(lateEvents).toHaveLength(CLIENTS * LATE_COMMANDS);

    const everything = new Map<string, Known>();
    const all = await collectMessages(broker, [topics.topic], (got) => got.length >= total, 120_000);
    for (const message of all) follow(everything, message);

    expect(late).toEqual(everything);
    // Contexts moved during the run, and every message carried one.
    const contexts = all.map((message) => JSON.stringify(parseMessage(message).data.context));
    expect(new Set(contexts).size).toBeGreaterThan(4);
    expect(contexts).not.toContain(undefined);
    expect(new Set([...everything.values()].map(({ context }) => JSON.stringify(context))).size).toBe(2);
  }, 300_000);
});

const waitFor = async (condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** Reads `count` messages of `topic` from the offsets given per partition (by timestamp). */
const readFrom = async (
  kafka: Kafka,
  topic: string,
  offsets: readonly { partition: number; offset: string }[],
  count: number,
): Promise<IncomingMessage[]> => {
  const consumer = kafka.consumer({ groupId: uniqueName('late') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const messages: IncomingMessage[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${messages.length} of ${count} messages`)), 60_000);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            messages.push({
              topic,
              partition,
              offset: message.offset,
              key: message.key?.toString('utf8') ?? null,
              value: message.value,
              headers: {},
            });
            if (messages.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .then(() => {
          for (const { partition, offset } of offsets) consumer.seek({ topic, partition, offset });
        }, reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
};
