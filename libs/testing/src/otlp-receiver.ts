import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as an OTLP/HTTP JSON export carries it, with what the trace tests look at. */
export type ReceivedSpan = Readonly<{
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  attributes: Readonly<Record<string, string | number | boolean>>;
}>;

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };
type ExportRequest = {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: {
      spans?: {
        name: string;
        kind: number;
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        attributes?: KeyValue[];
      }[];
    }[];
  }[];
};

const valueOf = (value: AnyValue): string | number | boolean =>
  value.stringValue ?? value.boolValue ?? value.doubleValue ?? Number(value.intValue ?? 0);

const attributesOf = (list: readonly KeyValue[] = []): Record<string, string | number | boolean> =>
  Object.fromEntries(list.map((entry) => [entry.key, valueOf(entry.value)]));

/** OTLP JSON writes ids as hex; protobuf-JSON mappings would write base64. Both read as hex here. */
const hexId = (id: string | undefined): string => {
  if (id === undefined || id === '') return '';
  return /^[0-9a-f]+$/.test(id) ? id : Buffer.from(id, 'base64').toString('hex');
};

/**
 * A small OTLP/HTTP receiver for tests (JSON encoding, `POST /v1/traces`), so a test can see the
 * spans a process really exported: it answers as a collector does and keeps every span.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Requests whose body was not an OTLP JSON export (content type or JSON): should stay 0. */
  rejected = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const receiver: { instance?: OtlpReceiver } = {};
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const ok =
          request.method === 'POST' &&
          request.url === '/v1/traces' &&
          (request.headers['content-type'] ?? '').startsWith('application/json') &&
          receiver.instance?.take(Buffer.concat(chunks).toString('utf8')) === true;
        if (!ok && receiver.instance) receiver.instance.rejected += 1;
        response.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' }).end('{}');
      });
    });
    receiver.instance = new OtlpReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver.instance;
  }

  /** What OTEL_EXPORTER_OTLP_ENDPOINT should be set to. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The spans of one trace, waiting until `done` holds for them; fails with what it has after `timeoutMs`. */
  async waitForTrace(
    traceId: string,
    done: (spans: readonly ReceivedSpan[]) => boolean,
    timeoutMs = 20_000,
  ): Promise<ReceivedSpan[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const spans = this.spans.filter((span) => span.traceId === traceId);
      if (done(spans)) return spans;
      if (Date.now() > deadline) {
        throw new Error(`trace ${traceId} incomplete after ${timeoutMs} ms: ${spans.map((s) => s.name).join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private take(body: string): boolean {
    let parsed: ExportRequest;
    try {
      parsed = JSON.parse(body) as ExportRequest;
    } catch {
      return false;
    }
    for (const resourceSpans of parsed.resourceSpans ?? []) {
      const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            service,
            name: span.name,
            kind: span.kind,
            traceId: hexId(span.traceId),
            spanId: hexId(span.spanId),
            parentSpanId: hexId(span.parentSpanId),
            attributes: attributesOf(span.attributes),
          });
        }
      }
    }
    return true;
  }
}
