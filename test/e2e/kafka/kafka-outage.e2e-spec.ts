import { join } from 'node:path';
import { parseIntegrationMessage } from '@crm/contracts';
import { SqliteEventStore } from '@crm/event-store';
import { EventRelay, KafkajsMessageBroker } from '@crm/messaging';
import {
  appendClientEventMix,
  collectMessages,
  describeWithKafka,
  generateClientEventMix,
  OwnKafkaBroker,
  scratchDir,
  silentLogger,
  uniqueName,
} from '@crm/testing';

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

// Needs the same machine set-up as the shared broker (Java, the jars kafka.sh fetches), so it
// runs wherever the other Kafka suites run.
describeWithKafka('Kafka stopped while commands keep coming', () => {
  it('delivers every event once the broker is back', async () => {
    const dir = scratchDir('kafka-outage');
    const kafka = await OwnKafkaBroker.start();
    const store = await SqliteEventStore.open(join(dir.path, 'crm.sqlite'), { synchronous: 'NORMAL' });
    const broker = new KafkajsMessageBroker({
      brokers: kafka.brokers,
      clientId: uniqueName('outage'),
      logger: silentLogger,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    });
    const topic = uniqueName('client-events');
    let relay: EventRelay | null = null;
    try {
      const mix = generateClientEventMix({ clients: 20, managers: 2, events: 1500, seed: 5 });
      await appendClientEventMix(store, mix.slice(0, 500));
      relay = await EventRelay.start({
        store,
        broker,
        topic,
        logger: silentLogger,
        partitions: 4,
        batchSize: 100,
        retryDelayMs: 100,
        maxRetryDelayMs: 1000,
      });
      await relay.caughtUp;

      await kafka.stop();
      // Commands keep landing in the store while Kafka is away.
      for (let i = 500; i < 1000; i += 50) {
        await appendClientEventMix(store, mix.slice(i, i + 50));
        await sleep(100);
      }
      const deadline = Date.now() + 30_000;
      while (relay.status().lastError === null && Date.now() < deadline) await sleep(100);
      expect(relay.status().lastError).not.toBeNull();
      const stuckAt = relay.position();
      expect(stuckAt).toBeLessThan(await store.headPosition());

      await kafka.start();
      await appendClientEventMix(store, mix.slice(1000));
      const head = await store.headPosition();
      const caughtUp = Date.now() + 60_000;
      while (relay.position() < head && Date.now() < caughtUp) await sleep(100);
      expect(relay.position()).toBe(head);
      expect(relay.status().lastError).toBeNull();

      const messages = await collectMessages(
        broker,
        [topic],
        (received) => new Set(received.map((m) => m.offset + ':' + m.partition)).size >= mix.length,
      );
      const ids = new Set(
        messages.map((message) => {
          const parsed = parseIntegrationMessage(message.value);
          if (!parsed.ok) throw new Error(parsed.errors.join('; '));
          return parsed.message.id;
        }),
      );
      expect(ids).toEqual(new Set(mix.map(({ event }) => event.eventId)));
    } finally {
      await relay?.stop();
      await broker.close();
      await store.close();
      await kafka.destroy();
      dir.cleanup();
    }
  });
});
