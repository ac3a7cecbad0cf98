import { join } from 'node:path';
import { parseIntegrationMessage } from '@crm/contracts';
import {
  type ApiProcess,
  collectMessages,
  describeWithKafka,
  KAFKA_TEST_BROKERS,
  scratchDir,
  SseClient,
  startApiProcess,
  testBroker,
  uniqueName,
} from '@crm/testing';

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

type StreamedAlert = { alertId: string; clientId: string; type: string; data: { ruleId?: string; severity: string } };

describeWithKafka('risk monitor through the real broker', () => {
  it('raises, ignores a repeat, escalates, and streams the alerts to risk officers and onto crm.risk-alerts.v1', async () => {
    const dir = scratchDir('risk-kafka');
    const prefix = `${uniqueName('risk')}.`;
    const broker = testBroker();
    let feed: SseClient | null = null;
    let api: ApiProcess | null = null;
    try {
      api = await startApiProcess({
        SQLITE_PATH: join(dir.path, 'crm.sqlite'),
        KAFKA_BROKERS: KAFKA_TEST_BROKERS.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: '3',
      });
      const base = api.base;
      const admin = await api.as('admin');
      feed = await SseClient.open(`${base}/v1/alerts/stream`, {
        authorization: `Bearer ${await api.tokenFor('risk_officer')}`,
      });
      expect(feed.status).toBe(200);

      await admin.post('/v1/managers', { managerId: 'M-1', name: 'Li Wei', branchId: 'BR-1', level: 'senior' });
      const clientId = (
        await admin.post<{ id: string }>('/v1/clients', {
          branchId: 'BR-1',
          segment: 'corporate',
          industry: 'manufacturing',
          legalName: 'Ningbo Gears Ltd',
          registrationNo: '91330200GEAR001',
          contact: { phone: '+86 574 0000 0001' },
          source: 'referral',
        })
      ).body.id;
      expect((await admin.post(`/v1/clients/${clientId}/conversion`, {})).status).toBe(200);
      expect(
        (await admin.put(`/v1/clients/${clientId}/facilities/F-1`, { limit: '5000000.00', currency: 'CNY' })).status,
      ).toBeLessThan(300);
      const pastDue = (days: number) =>
        admin.post(`/v1/clients/${clientId}/facilities/F-1/past-due`, {
          daysPastDue: days,
          amountOverdue: '120000.00',
        });

      expect((await pastDue(35)).status).toBeLessThan(300);
      const raised = await feed.waitFor((events) =>
        events.some((event) => event.event === 'AlertRaised' && event.data.includes('"ruleId":"EW-DPD"')),
      );
      const first = JSON.parse(
        raised.find((event) => event.event === 'AlertRaised' && event.data.includes('"ruleId":"EW-DPD"'))?.data ?? '{}',
      ) as StreamedAlert;
      expect(first).toMatchObject({ clientId, data: { ruleId: 'EW-DPD', severity: 'high' } });

      // The same reading again raises nothing; give the pipeline time to prove it.
      expect((await pastDue(35)).status).toBeLessThan(300);
      await sleep(2000);
      const dpdEvents = (events: readonly { event: string | null; data: string }[]) =>
        events.filter((event) => event.data.includes(`"alertId":"EW-DPD.`));
      expect(
        dpdEvents(feed.events).filter((event) => event.event === 'AlertRaised' || event.event === 'AlertEscalated'),
      ).toHaveLength(1);

      expect((await pastDue(95)).status).toBeLessThan(300);
      const escalated = await feed.waitFor((events) =>
        dpdEvents(events).some((event) => event.event === 'AlertEscalated'),
      );
      expect(
        JSON.parse(dpdEvents(escalated).find((event) => event.event === 'AlertEscalated')?.data ?? '{}'),
      ).toMatchObject({
        alertId: first.alertId,
        data: { severity: 'critical' },
      });

      expect(
        (
          await admin.put(`/v1/clients/${clientId}/loan-classification`, {
            classification: 'substandard',
            reason: 'overdue > 90 days',
          })
        ).status,
      ).toBeLessThan(300);
      const withClass = await feed.waitFor((events) =>
        events.some(
          (event) =>
            event.event === 'AlertRaised' && (JSON.parse(event.data) as StreamedAlert).data.ruleId === 'EW-CLASS',
        ),
      );
      const classAlert = withClass
        .map((event) => JSON.parse(event.data) as StreamedAlert)
        .find((alert) => alert.data.ruleId === 'EW-CLASS');
      expect(classAlert).toMatchObject({ clientId, data: { severity: 'critical' } });
      expect(withClass.every((event) => event.id !== null && /^\d+$/.test(event.id))).toBe(true);

      const onKafka = await collectMessages(
        broker,
        [`${prefix}crm.risk-alerts.v1`],
        // EW-DPD, the classification floor and EW-CLASS raised; EW-DPD and the floor escalated at 95 days.
        // The client's risk case shares the topic, so its messages are counted apart.
        (received) =>
          received.filter((message) => {
            const parsed = parseIntegrationMessage(message.value);
            return parsed.ok && parsed.message.type.startsWith('bank.crm.Alert');
          }).length >= 5,
        20_000,
      );
      const decoded = onKafka.map((message) => {
        const parsed = parseIntegrationMessage(message.value);
        if (!parsed.ok) throw new Error(parsed.errors.join('; '));
        return { key: message.key, type: parsed.message.type, subject: parsed.message.subject };
      });
      expect(decoded).toEqual(
        expect.arrayContaining([
          { key: clientId, type: 'bank.crm.AlertRaised.v1', subject: clientId },
          { key: clientId, type: 'bank.crm.AlertEscalated.v1', subject: clientId },
        ]),
      );
      expect(decoded.filter((entry) => entry.type === 'bank.crm.AlertRaised.v1')).toHaveLength(3);
    } finally {
      await feed?.close();
      await api?.stop();
      await broker.close();
      dir.cleanup();
    }
  });
});
