import { join } from 'node:path';
import { parseIntegrationMessage } from '@crm/contracts';
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

describeWithKafka('the embedded API with KAFKA_BROKERS set', () => {
  it('relays its commands to Kafka in-process and reports the relay in /health/ready', async () => {
    const dir = scratchDir('api-relay');
    const prefix = `${uniqueName('api')}.`;
    const broker = testBroker();
    let api: ApiProcess | null = null;
    try {
      api = await startApiProcess({
        SQLITE_PATH: join(dir.path, 'crm.sqlite'),
        KAFKA_BROKERS: KAFKA_TEST_BROKERS.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
      });
      const anonymous = api.anonymous;
      const client = await api.as('admin');
      const manager = await client.post('/v1/managers', {
        managerId: 'M-7',
        name: 'Wang Fang',
        branchId: 'BR-1',
        level: 'senior',
      });
      expect(manager.status).toBe(201);
      const registered = await client.post<{ id: string }>('/v1/clients', {
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
      expect((await client.post(`/v1/clients/${clientId}/conversion`, {})).status).toBe(200);

      const messages = await collectMessages(
        broker,
        [`${prefix}crm.client-events.v1`],
        (received) => received.length >= 3,
      );
      const decoded = messages.map((message) => {
        const parsed = parseIntegrationMessage(message.value);
        if (!parsed.ok) throw new Error(parsed.errors.join('; '));
        return {
          key: message.key,
          type: parsed.message.type,
          revision: parsed.message.streamrevision,
          subject: parsed.message.subject,
        };
      });
      expect(decoded).toEqual(
        expect.arrayContaining([
          { key: 'M-7', type: 'bank.crm.ManagerRegistered.v1', revision: 0, subject: 'M-7' },
          { key: clientId, type: 'bank.crm.ProspectRegistered.v1', revision: 0, subject: clientId },
          { key: clientId, type: 'bank.crm.ProspectConverted.v1', revision: 1, subject: clientId },
        ]),
      );
      // Written through the API's command path, client messages say where their client stood,
      // and the client's latest state is on the compacted topic.
      const converted = messages
        .map((message) => parseIntegrationMessage(message.value))
        .find((parsed) => parsed.ok && parsed.message.type === 'bank.crm.ProspectConverted.v1');
      expect(converted?.ok && converted.message.data.context).toEqual({
        branchId: 'BR-1',
        segment: 'sme',
        tier: null,
        managerId: null,
      });
      // Until compaction runs the topic may hold each state the relay published (one per batch of
      // the client's events, so one or two here): the latest is the one that counts.
      const revisionOf = (value: Buffer | null): number =>
        (JSON.parse(String(value)) as { streamrevision: number }).streamrevision;
      const states = await collectMessages(broker, [`${prefix}crm.client-state.v1`], (received) =>
        received.some((message) => revisionOf(message.value) === 1),
      );
      const state = states.at(-1);
      expect(JSON.parse(String(state?.value))).toMatchObject({ clientId, status: 'client', streamrevision: 1 });
      // kafkajs's negative-timeout warning on Node 24 is not printed (nor any other warning).
      expect(api.process.output()).not.toMatch(/Warning/);
      const raw = messages.map((message) => message.value?.toString() ?? '').join('\n');
      for (const personal of ['Wang Fang', 'Hangzhou Tea', '91330100TEA0001', 'cfo@tea.example'])
        expect(raw).not.toContain(personal);

      const ready = await anonymous.get<{ details: { relay: { status: string; kafka: string; published: number } } }>(
        '/health/ready',
      );
      expect(ready.status).toBe(200);
      expect(ready.body.details.relay).toMatchObject({ status: 'up', kafka: 'reachable', published: 3 });
    } finally {
      await api?.stop();
      await broker.close();
      dir.cleanup();
    }
  });
});
