import { createServer, type Server } from 'node:http';
import type { Metrics } from '../metrics/metrics';

/** What `/health/ready` answers: 200 when ready, 503 otherwise, with the worker's details. */
export type WorkerReadiness = Readonly<{ ready: boolean; details: Record<string, unknown> }>;

/**
 * A standalone worker's only HTTP surface: `/health/live`, `/health/ready` and `/metrics`. No
 * request data is read; anything but a GET of those three is refused.
 */
export const startWorkerHealthServer = async (
  metrics: Metrics,
  readiness: () => Promise<WorkerReadiness>,
  port: number,
  host: string,
): Promise<Server> => {
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown, type = 'application/json'): void => {
      response.writeHead(status, { 'content-type': type });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    void (async () => {
      if (request.method !== 'GET') return reply(405, { code: 'METHOD_NOT_ALLOWED' });
      if (request.url === '/health/live') return reply(200, { status: 'ok' });
      if (request.url === '/health/ready') {
        const { ready, details } = await readiness();
        return reply(ready ? 200 : 503, { status: ready ? 'ok' : 'error', details });
      }
      if (request.url === '/metrics')
        return reply(200, await metrics.scrape(), 'text/plain; version=0.0.4; charset=utf-8');
      return reply(404, { code: 'NOT_FOUND' });
    })().catch(() => reply(500, { code: 'INTERNAL' }));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
};
