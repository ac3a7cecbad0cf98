import { join, resolve } from 'node:path';
import { type IntegrationMessage } from '@crm/contracts';
import { SqliteEventStore } from '@crm/event-store';
import { IntegrationConsumer, RELAY_CHECKPOINT, SqliteAppliedRevisions } from '@crm/messaging';
import {
  appendClientEventMix,
  describeWithKafka,
  generateClientEventMix,
  KAFKA_TEST_BROKERS,
  scratchDir,
  silentLogger,
  startProcess,
  testBroker,
  topicMessageCount,
  uniqueName,
  type RunningProcess,
} from '@crm/testing';

const RELAY_MAIN = resolve(__dirname, '../../../dist/apps/event-relay/src/main.js');
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

describeWithKafka('event relay stopped and killed under load', () => {
  // Twenty-five relay processes one after another and a full re-read of the topic: on a loaded
  // 2-core machine this outlasts the default minute without anything being wrong.
  jest.setTimeout(300_000);

  it('sends nothing twice over 20 graceful restarts and 5 SIGKILLs, loses nothing, and the consumer kit applies each event once', async () => {
    const dir = scratchDir('relay-crash');
    const path = join(dir.path, 'crm.sqlite');
    const prefix = `${uniqueName('crash')}.`;
    const topic = `${prefix}crm.client-events.v1`;
    const store = await SqliteEventStore.open(path, { synchronous: 'NORMAL' });
    const broker = testBroker();
    const env = {
      EVENT_STORE: 'sqlite',
      SQLITE_PATH: path,
      KAFKA_BROKERS: KAFKA_TEST_BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_TOPIC_PARTITIONS: '6',
      RELAY_BATCH_SIZE: '40',
      LOG_LEVEL: 'warn',
    };
    const mix = generateClientEventMix({ clients: 60, managers: 4, events: 60_000, seed: 21 });
    let relay: RunningProcess | null = null;
    let consumer: IntegrationConsumer | null = null;
    const applied = SqliteAppliedRevisions.open(join(dir.path, 'consumer.sqlite'));
    let writing = true;
    try {
      // A backlog keeps the relay busy, so each stop or kill lands while batches are in flight.
      await appendClientEventMix(store, mix.slice(0, 10_000));
      // Commands keep coming while the relay is stopped, killed and restarted.
      const writer = (async () => {
        for (let i = 10_000; i < mix.length && writing; i += 20) {
          await appendClientEventMix(store, mix.slice(i, i + 20));
          await sleep(10);
        }
      })();

      const checkpoint = async (): Promise<bigint> => (await store.getCheckpoint(RELAY_CHECKPOINT)) ?? 0n;
      const kills: { checkpoint: bigint; inTopic: number }[] = [];
      for (let round = 0; round < 25; round++) {
        const graceful = round < 20;
        relay = startProcess(RELAY_MAIN, env);
        const before = await checkpoint();
        const deadline = Date.now() + 60_000;
        // Stop it while it is publishing: once it has moved on from where it started.
        while ((await checkpoint()) < before + 100n) {
          if (relay.child.exitCode !== null) throw new Error(`relay exited:\n${relay.output()}`);
          if (Date.now() > deadline) throw new Error(`relay made no progress:\n${relay.output()}`);
          await sleep(20);
        }
        await sleep(10 + (round % 5) * 15);
        relay.child.kill(graceful ? 'SIGTERM' : 'SIGKILL');
        await relay.exited;
        const stoppedAt = await checkpoint();
        const inTopic = await topicMessageCount(topic);
        // Positions in a SQLite store run 1, 2, 3…: a clean stop publishes exactly up to its checkpoint.
        if (graceful) expect(inTopic).toBe(Number(stoppedAt));
        else kills.push({ checkpoint: stoppedAt, inTopic });
      }
      writing = false;

      await writer;
      relay = startProcess(RELAY_MAIN, env);
      const head = await store.headPosition();
      const deadline = Date.now() + 90_000;
      while (((await store.getCheckpoint(RELAY_CHECKPOINT)) ?? 0n) < head) {
        if (relay.child.exitCode !== null) throw new Error(`relay exited:\n${relay.output()}`);
        if (Date.now() > deadline) throw new Error(`relay did not catch up:\n${relay.output()}`);
        await sleep(50);
      }

      const log = await store.readAll();
      const inTopic = await topicMessageCount(topic);
      // Effectively once: nothing missing, and what Kafka acknowledged before each kill (past the
      // checkpoint) was found in the topic at the restart and not sent again.
      expect(inTopic).toBe(log.length);

      const applications = new Map<string, number>();
      let done: () => void = () => undefined;
      const allApplied = new Promise<void>((resolveAll) => (done = resolveAll));
      consumer = await IntegrationConsumer.start({
        broker,
        groupId: uniqueName('crash-consumer'),
        topic,
        deadLetterTopic: `${prefix}crm.dead-letter.v1`,
        logger: silentLogger,
        appliedRevisions: applied,
        handle: async (message: IntegrationMessage) => {
          const key = `${message.subject}@${message.streamrevision}`;
          applications.set(key, (applications.get(key) ?? 0) + 1);
          if (applications.size === log.length) done();
        },
      });
      const timer = setTimeout(done, 60_000);
      await allApplied;
      clearTimeout(timer);
      // Let anything sent twice arrive too, so that the count below would see it.
      const stats = async (): Promise<number> => consumer!.stats().applied + consumer!.stats().duplicate;
      const settle = Date.now() + 30_000;
      while ((await stats()) < inTopic && Date.now() < settle) await sleep(50);

      const expected = new Set(
        log.map((event) => `${event.streamId.replace(/^(client|manager)-/, '')}@${event.revision}`),
      );
      expect(new Set(applications.keys())).toEqual(expected);
      expect([...applications.values()].every((count) => count === 1)).toBe(true);
      expect(consumer.stats()).toEqual({ applied: log.length, duplicate: 0, skipped: 0, 'dead-lettered': 0 });
      process.stdout.write(
        `relay restarts: ${log.length} events, ${inTopic} messages after 20 clean stops and ${kills.length} kills (${kills
          .map((kill) => `checkpoint ${kill.checkpoint} / ${kill.inTopic} in topic`)
          .join(', ')})\n`,
      );
    } finally {
      writing = false;
      relay?.child.kill('SIGKILL');
      await consumer?.stop();
      await broker.close();
      applied.close();
      await store.close();
      dir.cleanup();
    }
  });
});
