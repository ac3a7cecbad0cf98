import { join } from 'node:path';
import type { IntegrationMessage } from '@crm/contracts';
import { SqliteEventStore } from '@crm/event-store';
import {
  EventRelay,
  InMemoryAppliedRevisions,
  IntegrationConsumer,
  type ConsumerStats,
  type MessageBroker,
} from '@crm/messaging';
import {
  appendClientEventMix,
  describeWithKafka,
  generateClientEventMix,
  scratchDir,
  silentLogger,
  testBroker,
  uniqueName,
} from '@crm/testing';

const V1 = 'bank.crm.PaymentPastDue.v1';
const V2 = 'bank.crm.PaymentPastDue.v2';

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * A migration window: the relay publishes PaymentPastDue under v2 and, behind it with the same
 * revision, under the superseded v1. A consumer written for v1 (it does not take v2) and one
 * written for v2 each apply every event exactly once, in the version they take.
 */
describeWithKafka('publishing a superseded version beside its successor', () => {
  const dir = scratchDir('migration-window');
  let store: SqliteEventStore;
  let broker: MessageBroker;
  let relay: EventRelay;
  const topic = uniqueName('client-events');

  beforeAll(async () => {
    store = await SqliteEventStore.open(join(dir.path, 'crm.sqlite'), { synchronous: 'OFF' });
    await appendClientEventMix(store, generateClientEventMix({ clients: 30, managers: 4, events: 2000, seed: 11 }));
    broker = testBroker();
    relay = await EventRelay.start({
      store,
      broker,
      topic,
      riskAlertsTopic: uniqueName('risk-alerts'),
      deadLetterTopic: uniqueName('dead-letter'),
      clientStateTopic: uniqueName('client-state'),
      publishSuperseded: [V1],
      logger: silentLogger,
      partitions: 3,
    });
    await relay.caughtUp;
  });

  afterAll(async () => {
    await relay?.stop();
    await broker?.close();
    await store?.close();
    dir.cleanup();
  });

  const consume = async (
    accepts: (type: string) => boolean,
    until: (applied: readonly IntegrationMessage[]) => boolean,
  ): Promise<{ applied: IntegrationMessage[]; stats: ConsumerStats }> => {
    const applied: IntegrationMessage[] = [];
    const consumer = await IntegrationConsumer.start({
      broker,
      groupId: uniqueName('window'),
      topic,
      deadLetterTopic: uniqueName('dead-letter'),
      logger: silentLogger,
      appliedRevisions: new InMemoryAppliedRevisions(),
      accepts,
      handle: async (message) => {
        applied.push(message);
      },
    });
    try {
      const deadline = Date.now() + 60_000;
      while (!until(applied) && Date.now() < deadline) await sleep(50);
      // Let the twin of the last message arrive too, so the stats count it.
      await sleep(500);
      return { applied, stats: consumer.stats() };
    } finally {
      await consumer.stop();
    }
  };

  it('lets a v1 consumer and a v2 consumer each apply every event once, in the version each takes', async () => {
    const events = (await store.readAll()).filter((event) => !event.streamId.startsWith('alert-'));
    const pastDue = events.filter((event) => event.type === 'PaymentPastDue').length;
    expect(pastDue).toBeGreaterThan(5);
    const everything = (applied: readonly IntegrationMessage[]) => applied.length >= events.length;

    const v1 = await consume((type) => type !== V2, everything);
    const v2 = await consume(() => true, everything);

    for (const [consumer, version, other] of [
      [v1, V1, V2],
      [v2, V2, V1],
    ] as const) {
      expect(consumer.applied).toHaveLength(events.length);
      expect(new Set(consumer.applied.map((message) => message.id))).toEqual(
        new Set(events.map((event) => event.eventId)),
      );
      expect(consumer.applied.filter((message) => message.type === version)).toHaveLength(pastDue);
      expect(consumer.applied.filter((message) => message.type === other)).toHaveLength(0);
    }
    expect(v1.stats).toEqual({ applied: events.length, duplicate: 0, skipped: pastDue, 'dead-lettered': 0 });
    expect(v2.stats).toEqual({ applied: events.length, duplicate: pastDue, skipped: 0, 'dead-lettered': 0 });
    const dated = v2.applied.find((message) => message.type === V2)?.data;
    expect(dated).toHaveProperty('overdueSince');
    expect(v1.applied.find((message) => message.type === V1)?.data).not.toHaveProperty('overdueSince');
  });
});
