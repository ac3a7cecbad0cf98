import { join } from 'node:path';
import {
  type ApiProcess,
  collectMessages,
  describeWithKafka,
  KAFKA_TEST_BROKERS,
  scratchDir,
  startApiProcess,
  testBroker,
  uniqueName,
} from '@crm/testing';
import { DEAD_LETTER_HEADERS } from '@crm/messaging';

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

describeWithKafka('the embedded API with KAFKA_BROKERS set, ingesting inbound facts', () => {
  it('applies a fact in-process as its route would, dead-letters a bad one, and counts both on /metrics', async () => {
    const dir = scratchDir('api-ingest');
    const prefix = `${uniqueName('api-ingest')}.`;
    const broker = testBroker();
    let api: ApiProcess | null = null;
    try {
      api = await startApiProcess({
        SQLITE_PATH: join(dir.path, 'crm.sqlite'),
        KAFKA_BROKERS: KAFKA_TEST_BROKERS.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        INGEST_PARK_RETRY_MS: '200',
      });
      const admin = await api.as('admin');
      const registered = await admin.post<{ id: string }>('/v1/clients', {
        branchId: 'BR-1',
        segment: 'sme',
        industry: 'retail',
        legalName: 'Hangzhou Tea Trading Co.',
        registrationNo: '91330100TEA0001',
        contact: { email: 'cfo@tea.example' },
        source: 'walk-in',
      });
      expect(registered.status).toBe(201);
      const clientId = registered.body.id;
      expect((await admin.post(`/v1/clients/${clientId}/conversion`, {})).status).toBe(200);
      const fact = (id: string, data: Record<string, unknown>) =>
        JSON.stringify({
          specversion: '1.0',
          id,
          source: 'urn:bank:core',
          type: 'bank.core.CreditLimitChanged.v1',
          subject: clientId,
          datacontenttype: 'application/json',
          data: { clientId, facilityId: 'F-1', currency: 'CNY', ...data },
        });
      const topic = `${prefix}crm.inbound.client-facts.v1`;
      await broker.ensureTopics([{ name: topic, partitions: 12 }]);
      const producer = await broker.producer();
      await producer.send(topic, [
        { key: clientId, value: fact('core-1', { limit: '250000' }) },
        { key: clientId, value: fact('core-2', { limit: 'a lot' }) },
        { key: clientId, value: fact('core-1', { limit: '250000' }) },
      ]);
      await producer.close();

      const deadline = Date.now() + 30_000;
      let view: { credit?: { facilities?: { id: string; limit: string }[] } } = {};
      while (Date.now() < deadline) {
        view = (await admin.get<typeof view>(`/v1/clients/${clientId}`)).body;
        if ((view.credit?.facilities ?? []).length > 0) break;
        await sleep(200);
      }
      if ((view.credit?.facilities ?? []).length === 0) {
        const metrics = await (await fetch(`${api.base}/metrics`)).text();
        throw new Error(
          `no facility: ${JSON.stringify(view)}\n${metrics
            .split('\n')
            .filter((line) => line.startsWith('crm_ingest'))
            .join('\n')}\n${api.process.output()}`,
        );
      }
      expect(view.credit?.facilities).toEqual([expect.objectContaining({ id: 'F-1', limit: '250000' })]);

      const [letter] = await collectMessages(broker, [`${prefix}crm.dead-letter.v1`], (got) => got.length >= 1);
      expect(letter?.headers[DEAD_LETTER_HEADERS.error]).toBe(
        'invalid fact: data.limit must be a non-negative decimal string with at most 4 decimals',
      );
      let metrics = '';
      while (Date.now() < deadline && !/crm_ingest_facts_total\{outcome="duplicate"\} 1/.test(metrics)) {
        metrics = await (await fetch(`${api.base}/metrics`)).text();
        await sleep(200);
      }
      expect(metrics).toMatch(/crm_ingest_facts_total\{outcome="applied"\} 1\n/);
      expect(metrics).toMatch(/crm_ingest_facts_total\{outcome="dead-lettered"\} 1\n/);
      expect(metrics).toMatch(/crm_ingest_facts_total\{outcome="duplicate"\} 1\n/);
      expect(metrics).toMatch(/crm_ingest_consumer_lag 0\n/);
    } finally {
      await api?.stop();
      await broker.close();
      dir.cleanup();
    }
  });
});
