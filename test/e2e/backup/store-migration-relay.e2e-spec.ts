import { join } from 'node:path';
import { CLIENT_EVENTS_TOPIC } from '@crm/contracts';
import type { IncomingMessage } from '@crm/messaging';
import {
  collectMessages,
  createTestSchema,
  describeWithKafka,
  KAFKA_TEST_BROKERS,
  scratchDir,
  startApiProcess,
  testBroker,
  uniqueName,
  type ApiProcess,
} from '@crm/testing';
import { CLI, onPostgres, onSqlite, publicationOf, registerClient, runCli } from './operations-harness';

/** The header the relay puts the event's log position in (the wire contract, docs/asyncapi.yaml). */
const POSITION_HEADER = 'crm-log-position';

/** What a consumer can tell messages apart by: id, log position header, key, and the whole value. */
const published = (messages: readonly IncomingMessage[]) =>
  messages
    .map((message) => ({
      position: message.headers[POSITION_HEADER],
      key: message.key,
      id: (JSON.parse(message.value?.toString() ?? '{}') as { id?: string }).id,
      value: message.value?.toString(),
    }))
    .sort((a, b) => Number(BigInt(a.position ?? '0') - BigInt(b.position ?? '0')));

/**
 * The relay on an imported store publishes what it published from the source: the source's API
 * (SQLite) relays to one set of topics, the store moves to PostgreSQL, and an API on it relays
 * from the start to another set. Same ids, same crm-log-position headers, same keys, same values.
 */
describeWithKafka('the relay on a store moved from SQLite to PostgreSQL', () => {
  it('publishes the same messages, positions and keys as from the source store', async () => {
    const scratch = scratchDir('crm-migration-relay');
    const sqlitePath = join(scratch.path, 'source', 'crm.sqlite');
    const { schema, drop } = await createTestSchema('crm_import_relay');
    const broker = testBroker();
    const kafka = (prefix: string) => ({ KAFKA_BROKERS: KAFKA_TEST_BROKERS.join(','), KAFKA_TOPIC_PREFIX: prefix });
    const [before, after] = [`${uniqueName('src')}.`, `${uniqueName('dst')}.`];
    // These commands decide no alert: every message goes to the client-events topic.
    const topics = (prefix: string) => [`${prefix}${CLIENT_EVENTS_TOPIC}`];
    let source: ApiProcess | undefined;
    let moved: ApiProcess | undefined;
    try {
      source = await startApiProcess({ ...onSqlite(sqlitePath), ...kafka(before) });
      const admin = await source.as('admin');
      for (let n = 0; n < 10; n++) {
        const written = await registerClient(admin, n);
        expect(written.status).toBe(201);
        if (n % 2 === 0) expect((await admin.post(`/v1/clients/${written.body.id}/conversion`, {})).status).toBe(200);
      }
      const expected = (await publicationOf(onSqlite(sqlitePath))).length;
      const fromSource = await collectMessages(broker, topics(before), (got) => got.length >= expected);

      const file = join(scratch.path, 'log.ndjson');
      expect((await runCli(CLI.export, [file], onSqlite(sqlitePath))).code).toBe(0);
      expect((await runCli(CLI.import, [file], onPostgres(schema, scratch.path))).code).toBe(0);
      moved = await startApiProcess({ ...onPostgres(schema, scratch.path), ...kafka(after) });
      const fromMoved = await collectMessages(broker, topics(after), (got) => got.length >= expected);

      expect(fromSource).toHaveLength(expected);
      expect(published(fromMoved)).toEqual(published(fromSource));
    } finally {
      await moved?.stop();
      await source?.stop();
      await broker.close();
      await drop();
      scratch.cleanup();
    }
  }, 120_000);
});
