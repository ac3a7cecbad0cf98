import { join } from 'node:path';
import {
  OtlpReceiver,
  raisedAlertOn,
  scratchDir,
  SseClient,
  startApiProcess,
  storedTraceMetadata,
  type ApiProcess,
} from '@crm/testing';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const CALLER_SPAN = 'eee19b7ec3c1b174';

describe('one trace from the HTTP command to the alert (embedded default: the store log, no Kafka)', () => {
  it("keeps the caller's trace id in the event, the alert it raises and the alert feed; a hostile header starts a new trace", async () => {
    const dir = scratchDir('tracing-embedded');
    const sqlite = join(dir.path, 'crm.sqlite');
    const receiver = await OtlpReceiver.start();
    let api: ApiProcess | null = null;
    let feed: SseClient | null = null;
    try {
      api = await startApiProcess({
        SQLITE_PATH: sqlite,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      });
      const admin = await api.as('admin');
      feed = await SseClient.open(`${api.base}/v1/alerts/stream`, {
        authorization: `Bearer ${await api.tokenFor('risk_officer')}`,
      });

      // Hostile or malformed: ignored, never an error; the request gets a trace of its own.
      const hostile = await admin.post<{ id: string }>(
        '/v1/clients',
        {
          branchId: 'BR-4',
          segment: 'sme',
          industry: 'retail',
          legalName: 'Suzhou Silk Traders',
          registrationNo: '91320500SILK001',
          contact: { email: 'ops@silk.example' },
          source: 'walk-in',
        },
        { traceparent: `00-${TRACE_ID.toUpperCase()}-${CALLER_SPAN}-01`, tracestate: 'x'.repeat(5000) },
      );
      expect(hostile.status).toBe(201);
      const ownTrace = hostile.headers.get('x-trace-id');
      expect(ownTrace).toMatch(/^[0-9a-f]{32}$/);
      expect(ownTrace).not.toBe(TRACE_ID.toLowerCase());
      const clientId = hostile.body.id;
      for (const traceparent of [
        'ff-' + TRACE_ID + '-' + CALLER_SPAN + '-01',
        `00-${TRACE_ID}-${CALLER_SPAN}-01-extra`,
        'a'.repeat(4000),
      ]) {
        const answer = await admin.get(`/v1/clients/${clientId}`, { traceparent });
        expect(answer.status).toBe(200);
        expect(answer.headers.get('x-trace-id')).toMatch(/^[0-9a-f]{32}$/);
      }

      expect((await admin.post(`/v1/clients/${clientId}/conversion`, {})).status).toBe(200);
      expect(
        (await admin.put(`/v1/clients/${clientId}/facilities/F-4`, { limit: '900000.00', currency: 'CNY' })).status,
      ).toBeLessThan(300);
      const answer = await admin.post<{ position: string }>(
        `/v1/clients/${clientId}/facilities/F-4/past-due`,
        { daysPastDue: 40, amountOverdue: '30000.00' },
        { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
      );
      expect(answer.status).toBeLessThan(300);
      expect(answer.headers.get('x-trace-id')).toBe(TRACE_ID);

      const alert = await raisedAlertOn(feed, 'EW-DPD');
      expect(alert.traceId).toBe(TRACE_ID);
      const [event, alertEvent] = storedTraceMetadata(sqlite, [answer.body.position, alert.position]);
      expect(event.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
      expect(alertEvent.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));

      // On the store's log the risk evaluation is the child of the append itself (no relay between).
      const appendSpanId = event.traceparent!.slice(36, 52);
      const spans = await receiver.waitForTrace(TRACE_ID, (received) =>
        received.some((span) => span.name === 'alert-feed deliver'),
      );
      const evaluate = spans.find((span) => span.name === 'risk evaluate');
      expect(evaluate?.parentSpanId).toBe(appendSpanId);
      const raise = spans.find(
        (span) => span.name === 'alert raise' && span.attributes['crm.alert_id'] === alert.alertId,
      );
      expect(raise?.parentSpanId).toBe(evaluate?.spanId);
      expect(alertEvent.traceparent).toContain(raise!.spanId);
      // The hostile request's own trace was exported as a new root, not as the caller's trace.
      expect(receiver.spans.some((span) => span.traceId === ownTrace && span.parentSpanId === '')).toBe(true);
    } finally {
      await feed?.close();
      await api?.stop();
      await receiver.stop();
      dir.cleanup();
    }
  });
});
