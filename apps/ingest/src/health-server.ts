import { createServer, type Server } from 'node:http';
import { INGEST_LEASE, registerIngestMetrics, type IngestWorker } from '@crm/inbound';
import { Metrics, type Leadership } from '@crm/platform';

/**
 * The standalone ingest's only HTTP surface: `/health/live`, `/health/ready` (who leads, lag,
 * outcomes, parked facts) and `/metrics`. No request data is read. A standby is ready: it is the
 * replica that takes over.
 */
export const startHealthServer = async (
  worker: IngestWorker,
  leadership: Leadership,
  port: number,
  host: string,
): Promise<Server> => {
  const metrics = new Metrics('crm_ingest_');
  const lease = () => leadership.get(INGEST_LEASE)?.status();
  metrics.gauge('crm_worker_leader', 'Whether this process runs the ingest (holds its lease): 1 or 0', () =>
    lease()?.role === 'leader' ? 1 : 0,
  );
  registerIngestMetrics(metrics, worker);
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown, type = 'application/json'): void => {
      response.writeHead(status, { 'content-type': type });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    void (async () => {
      if (request.method !== 'GET') return reply(405, { code: 'METHOD_NOT_ALLOWED' });
      if (request.url === '/health/live') return reply(200, { status: 'ok' });
      if (request.url === '/health/ready') {
        const status = worker.status();
        const role = lease();
        const ready = status.running || role?.role === 'standby';
        return reply(ready ? 200 : 503, {
          status: ready ? 'ok' : 'error',
          details: {
            ingest: {
              role: role?.role ?? null,
              leader: role?.holder?.identity ?? null,
              ...status,
              parkedFacts: await worker.parkedCount(),
            },
          },
        });
      }
      if (request.url === '/metrics')
        return reply(200, await metrics.scrape(), 'text/plain; version=0.0.4; charset=utf-8');
      return reply(404, { code: 'NOT_FOUND' });
    })().catch(() => reply(500, { code: 'INTERNAL' }));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
};
