import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020';
import { SqliteEventStore } from '@crm/event-store';
import { EventRelay } from '@crm/messaging';
import {
  appendClientEventMix,
  describeWithKafka,
  generateClientEventMix,
  KAFKA_SCRIPT,
  KAFKA_TEST_BROKERS,
  scratchDir,
  silentLogger,
  testBroker,
  uniqueName,
} from '@crm/testing';

const run = promisify(execFile);
const SCHEMAS = resolve(__dirname, '../../../docs/schemas');

/**
 * What a consumer outside this code base sees: Apache Kafka's own console consumer (Java) reads
 * the topic, and each value is checked only against the published JSON Schemas.
 */
describeWithKafka('client events read by an independent Kafka client', () => {
  it('are CloudEvents whose data validates against the generated schema, without personal data', async () => {
    const dir = scratchDir('independent-client');
    const store = await SqliteEventStore.open(join(dir.path, 'crm.sqlite'), { synchronous: 'OFF' });
    const broker = testBroker();
    const topic = uniqueName('client-events');
    let relay: EventRelay | null = null;
    try {
      const mix = generateClientEventMix({ clients: 12, managers: 2, events: 800, seed: 17 });
      await appendClientEventMix(store, mix);
      relay = await EventRelay.start({ store, broker, topic, logger: silentLogger, partitions: 3 });
      await relay.caughtUp;

      const { stdout: lib } = await run(KAFKA_SCRIPT, ['lib']);
      const { stdout } = await run(
        'java',
        [
          '-cp',
          `${lib.trim()}/*`,
          'org.apache.kafka.tools.consumer.ConsoleConsumer',
          '--bootstrap-server',
          KAFKA_TEST_BROKERS.join(','),
          '--topic',
          topic,
          '--from-beginning',
          '--max-messages',
          String(mix.length),
          '--timeout-ms',
          '30000',
          '--property',
          'print.key=true',
          '--property',
          'key.separator=|',
        ],
        { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      );
      const lines = stdout.split('\n').filter((line) => line.trim() !== '');
      expect(lines).toHaveLength(mix.length);

      const ajv = new Ajv2020({ strict: true, allErrors: true });
      for (const file of readdirSync(SCHEMAS).filter((name) => name.endsWith('.json'))) {
        ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as object);
      }
      const envelope = JSON.parse(readFileSync(join(SCHEMAS, 'cloudevent-envelope.json'), 'utf8')) as { $id: string };
      const types = new Set<string>();
      for (const line of lines) {
        const separator = line.indexOf('|');
        const key = line.slice(0, separator);
        const event = JSON.parse(line.slice(separator + 1)) as {
          subject: string;
          type: string;
          dataschema: string;
          data: unknown;
        };
        expect(key).toBe(event.subject);
        const validEnvelope = ajv.validate(envelope.$id, event);
        expect({ type: event.type, errors: validEnvelope ? null : ajv.errors }).toEqual({
          type: event.type,
          errors: null,
        });
        const validData = ajv.validate(event.dataschema, event.data);
        expect({ type: event.type, errors: validData ? null : ajv.errors }).toEqual({ type: event.type, errors: null });
        types.add(event.type);
      }
      // The mix covers every client and manager event type.
      expect(types.size).toBeGreaterThanOrEqual(20);
      for (const marker of ['Co., Ltd.', '+86 21 5555', '@example.cn', 'Discussed working capital']) {
        expect(stdout).not.toContain(marker);
      }
    } finally {
      await relay?.stop();
      await broker.close();
      await store.close();
      dir.cleanup();
    }
  });
});
