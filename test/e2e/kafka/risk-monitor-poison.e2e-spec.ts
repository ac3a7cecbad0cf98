import { join } from 'node:path';
import { toIntegrationMessage } from '@crm/contracts';
import { addDays, DEFAULT_RISK_RULES } from '@crm/domain';
import { SqliteEventStore, type NewEvent } from '@crm/event-store';
import { DEAD_LETTER_HEADERS, sourceEventOf } from '@crm/messaging';
import { RiskMonitorWorker, SqliteRiskStateStore } from '@crm/risk';
import {
  cn2026Calendar,
  collectMessages,
  describeWithKafka,
  scratchDir,
  silentLogger,
  testBroker,
  uniqueName,
} from '@crm/testing';

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const metadata = {
  occurredAt: '2026-03-01T09:00:00.000Z',
  correlationId: 'corr',
  causationId: 'cause',
  actor: { userId: 'u-1', role: 'admin' },
};
let counter = 0;
const newEvent = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: `0190a4c2-0000-7000-8000-${String(++counter).padStart(12, '0')}`,
  type,
  schemaVersion: 1,
  data,
  metadata,
});
const registered = (clientId: string) =>
  newEvent('ProspectRegistered', {
    clientId,
    branchId: 'BR-1',
    segment: 'sme',
    industry: 'retail',
    legalName: 'X Ltd',
    registrationNo: 'R-1',
    contact: {},
    source: 'walk-in',
  });
const pastDue = (days: number) =>
  newEvent('PaymentPastDue', {
    facilityId: 'F-1',
    // The day of the event (occurredAt, 17:00 in Shanghai) less the days.
    overdueSince: addDays(metadata.occurredAt.slice(0, 10), -days),
    daysPastDue: days,
    amountOverdue: '10.00',
  });

describeWithKafka('a poison message for one client', () => {
  it('parks that client only: the others keep raising alerts', async () => {
    const dir = scratchDir('risk-poison');
    const store = await SqliteEventStore.open(join(dir.path, 'crm.sqlite'), { synchronous: 'NORMAL' });
    const source = await SqliteEventStore.open(join(dir.path, 'source.sqlite'), { synchronous: 'OFF' });
    const broker = testBroker();
    const topic = uniqueName('client-events');
    const deadLetterTopic = uniqueName('dead-letter');
    const poisoned = '0190a4c2-0000-7000-8000-00000000000a';
    const healthy = '0190a4c2-0000-7000-8000-00000000000b';
    let worker: RiskMonitorWorker | null = null;
    try {
      // Real integration messages, made by the contract from recorded events.
      await source.appendToStream(`client-${poisoned}`, [registered(poisoned), pastDue(35)], {
        expectedRevision: 'no_stream',
      });
      await source.appendToStream(`client-${healthy}`, [registered(healthy), pastDue(35)], {
        expectedRevision: 'no_stream',
      });
      const messages = (await source.readAll()).map((event) => toIntegrationMessage(sourceEventOf(event)));
      const [aRegistered, aPastDue, bRegistered, bPastDue] = messages;
      if (!aRegistered || !aPastDue || !bRegistered || !bPastDue) throw new Error('messages missing');

      await broker.ensureTopics([{ name: topic, partitions: 2 }]);
      const producer = await broker.producer();
      await producer.send(topic, [
        { key: poisoned, value: JSON.stringify(aRegistered) },
        { key: poisoned, value: '{"specversion":"1.0","type":"bank.crm.PaymentPastDue.v1","data":' },
        { key: poisoned, value: JSON.stringify(aPastDue) },
        { key: healthy, value: JSON.stringify(bRegistered) },
        { key: healthy, value: JSON.stringify(bPastDue) },
      ]);
      await producer.close();

      worker = new RiskMonitorWorker({
        store,
        states: SqliteRiskStateStore.open(join(dir.path, 'risk.sqlite')),
        rules: DEFAULT_RISK_RULES,
        calendar: cn2026Calendar(),
        logger: silentLogger,
        kafka: { broker: testBroker(), groupId: uniqueName('risk'), topic, deadLetterTopic, partitions: 2 },
        sweepIntervalMs: 0,
        parkedRetryMs: 200,
      });
      await worker.start();
      await worker.started();

      const deadline = Date.now() + 30_000;
      const alertStreams = async () =>
        (await store.readAll())
          .filter((event) => event.type === 'AlertRaised')
          .map((event) => event.streamId)
          .sort();
      // 35 days past due on a client never classified: EW-DPD and the floor it imposes.
      const healthyAlerts = [`alert-EW-CLASS-FLOOR.${healthy}.1`, `alert-EW-DPD.${healthy}.1`];
      while ((await alertStreams()).length < 2 && Date.now() < deadline) await sleep(50);
      expect(await alertStreams()).toEqual(healthyAlerts);

      while (((await worker.parkedClients())[0]?.held ?? 0) < 2 && Date.now() < deadline) await sleep(50);
      const parked = await worker.parkedClients();
      expect(parked).toEqual([expect.objectContaining({ clientId: poisoned, held: 2 })]);
      expect(worker.status().parkedClients).toBe(1);
      // Retried (every 200 ms here), and still held: the message cannot be read.
      await sleep(1000);
      expect((await worker.parkedClients())[0]?.attempts).toBeGreaterThan(1);
      expect(await alertStreams()).toEqual(healthyAlerts);

      const [letter] = await collectMessages(broker, [deadLetterTopic], (received) => received.length >= 1);
      expect(letter?.key).toBe(poisoned);
      expect(letter?.headers[DEAD_LETTER_HEADERS.error]).toMatch(/^risk monitor: invalid message/);
      expect(letter?.headers[DEAD_LETTER_HEADERS.originTopic]).toBe(topic);
    } finally {
      await worker?.close();
      await broker.close();
      await source.close();
      await store.close();
      dir.cleanup();
    }
  });
});
