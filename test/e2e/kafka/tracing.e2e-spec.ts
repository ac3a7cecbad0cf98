import { join } from 'node:path';
import { parseIntegrationMessage } from '@crm/contracts';
import {
  type ApiClient,
  type ApiProcess,
  collectMessages,
  describeWithKafka,
  KAFKA_TEST_BROKERS,
  OtlpReceiver,
  raisedAlertOn,
  scratchDir,
  SseClient,
  startApiProcess,
  storedTraceMetadata,
  testBroker,
  uniqueName,
  type ReceivedSpan,
} from '@crm/testing';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const TRACEPARENT = `00-${TRACE_ID}-${CALLER_SPAN}-01`;

type Traceparent = Readonly<{ traceId: string; spanId: string }>;

const partsOf = (traceparent: unknown): Traceparent => {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(String(traceparent));
  if (match === null) throw new Error(`not a traceparent: ${String(traceparent)}`);
  return { traceId: match[1], spanId: match[2] };
};

/** The client, its facility and a manager, so that one past-due report raises alerts. */
const clientWithFacility = async (admin: ApiClient): Promise<string> => {
  expect(
    (await admin.post('/v1/managers', { managerId: 'M-3', name: 'Chen Jie', branchId: 'BR-3', level: 'senior' }))
      .status,
  ).toBe(201);
  const registered = await admin.post<{ id: string }>('/v1/clients', {
    branchId: 'BR-3',
    segment: 'corporate',
    industry: 'logistics',
    legalName: 'Qingdao Harbour Freight Ltd',
    registrationNo: '91370200QHF0001',
    contact: { email: 'finance@harbour.example' },
    source: 'referral',
  });
  expect(registered.status).toBe(201);
  const clientId = registered.body.id;
  expect((await admin.post(`/v1/clients/${clientId}/conversion`, {})).status).toBe(200);
  expect(
    (await admin.put(`/v1/clients/${clientId}/facilities/F-3`, { limit: '2000000.00', currency: 'CNY' })).status,
  ).toBeLessThan(300);
  return clientId;
};

const byName = (spans: readonly ReceivedSpan[], name: string | RegExp): ReceivedSpan[] =>
  spans.filter((span) => (typeof name === 'string' ? span.name === name : name.test(span.name)));

describeWithKafka('one trace from the HTTP command to the alert (Kafka, OTLP export)', () => {
  it("carries the caller's trace id through the event, Kafka, the risk monitor, the alert and the alert feed, and exports linked spans", async () => {
    const dir = scratchDir('tracing-kafka');
    const sqlite = join(dir.path, 'crm.sqlite');
    const prefix = `${uniqueName('trace')}.`;
    const broker = testBroker();
    const receiver = await OtlpReceiver.start();
    let api: ApiProcess | null = null;
    let feed: SseClient | null = null;
    try {
      api = await startApiProcess({
        SQLITE_PATH: sqlite,
        KAFKA_BROKERS: KAFKA_TEST_BROKERS.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: '3',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_SERVICE_NAME: 'crm-api-e2e',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      });
      const admin = await api.as('admin');
      feed = await SseClient.open(`${api.base}/v1/alerts/stream`, {
        authorization: `Bearer ${await api.tokenFor('risk_officer')}`,
      });
      expect(feed.status).toBe(200);
      const clientId = await clientWithFacility(admin);

      const answer = await admin.post<{ position: string }>(
        `/v1/clients/${clientId}/facilities/F-3/past-due`,
        { daysPastDue: 35, amountOverdue: '80000.00' },
        { traceparent: TRACEPARENT, tracestate: 'congo=t61rcWkgMzE' },
      );
      expect(answer.status).toBeLessThan(300);
      expect(answer.headers.get('x-trace-id')).toBe(TRACE_ID);

      // 1. The SSE alert names the caller's trace.
      const alert = await raisedAlertOn(feed, 'EW-DPD');
      expect(alert.traceId).toBe(TRACE_ID);

      // 2. The stored event keeps the trace context of the command that appended it, and the
      // alert's own event continues that trace.
      const [stored, storedAlert] = storedTraceMetadata(sqlite, [answer.body.position, alert.position]);
      const appended = partsOf(stored.traceparent);
      expect(appended.traceId).toBe(TRACE_ID);
      expect(appended.spanId).not.toBe(CALLER_SPAN);
      expect(stored.tracestate).toBe('congo=t61rcWkgMzE');
      const alertEvent = partsOf(storedAlert.traceparent);
      expect(alertEvent.traceId).toBe(TRACE_ID);

      // 3. On Kafka: the client event and the alert carry a traceparent of the relay's publish span.
      const clientEvents = `${prefix}crm.client-events.v1`;
      const riskAlerts = `${prefix}crm.risk-alerts.v1`;
      const messages = await collectMessages(broker, [clientEvents, riskAlerts], (received) =>
        [answer.body.position, alert.position].every((position) =>
          received.some((message) => message.headers['crm-log-position'] === position),
        ),
      );
      const at = (position: string) => messages.find((message) => message.headers['crm-log-position'] === position)!;
      const pastDueMessage = at(answer.body.position);
      expect(pastDueMessage.topic).toBe(clientEvents);
      const published = partsOf(pastDueMessage.headers.traceparent);
      expect(published.traceId).toBe(TRACE_ID);
      expect(published.spanId).not.toBe(appended.spanId);
      expect(pastDueMessage.headers.tracestate).toBe('congo=t61rcWkgMzE');
      const alertMessage = at(alert.position);
      expect(alertMessage.topic).toBe(riskAlerts);
      const parsed = parseIntegrationMessage(alertMessage.value ?? Buffer.alloc(0));
      expect(parsed.ok && parsed.message.type).toBe('bank.crm.AlertRaised.v1');
      const alertPublished = partsOf(alertMessage.headers.traceparent);
      expect(alertPublished.traceId).toBe(TRACE_ID);

      // 4. The exported spans: one trace, each hop the child of the one before.
      const spans = await receiver.waitForTrace(
        TRACE_ID,
        (received) =>
          byName(received, 'alert-feed deliver').length >= 1 &&
          byName(received, `publish ${riskAlerts}`).length >= 1 &&
          byName(received, 'alert raise').length >= 1,
      );
      expect(receiver.rejected).toBe(0);
      expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['crm-api-e2e']));
      const one = (name: string, where: (span: ReceivedSpan) => boolean = () => true): ReceivedSpan => {
        const found = byName(spans, name).filter(where);
        expect(found.map((span) => span.name)).toEqual([name]);
        return found[0];
      };
      const command = one('command ReportPastDue');
      expect(command.parentSpanId).toBe(CALLER_SPAN);
      expect(command.kind).toBe(2); // SERVER
      const append = one('event-store append');
      expect(append.parentSpanId).toBe(command.spanId);
      expect(append.spanId).toBe(appended.spanId);
      const publish = one(`publish ${clientEvents}`);
      expect(publish.parentSpanId).toBe(append.spanId);
      expect(publish.spanId).toBe(published.spanId);
      expect(publish.attributes['messaging.destination.name']).toBe(clientEvents);
      const evaluate = one('risk evaluate');
      expect(evaluate.parentSpanId).toBe(publish.spanId);
      const raise = one('alert raise', (span) => span.attributes['crm.alert_id'] === alert.alertId);
      expect(raise.parentSpanId).toBe(evaluate.spanId);
      expect(raise.spanId).toBe(alertEvent.spanId);
      const alertPublish = one(`publish ${riskAlerts}`, (span) => span.spanId === alertPublished.spanId);
      expect(alertPublish.parentSpanId).toBe(raise.spanId);
      const deliveries = byName(spans, 'alert-feed deliver');
      expect(deliveries.some((span) => span.parentSpanId === raise.spanId)).toBe(true);
      // Ids only in attributes: nothing of the client's name or the overdue amount.
      const attributeText = JSON.stringify(spans.map((span) => span.attributes));
      expect(attributeText).not.toContain('Qingdao');
      expect(attributeText).not.toContain('80000');
    } finally {
      await feed?.close();
      await api?.stop();
      await broker.close();
      await receiver.stop();
      dir.cleanup();
    }
  });
});
