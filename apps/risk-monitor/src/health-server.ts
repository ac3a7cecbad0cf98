import { createServer, type Server } from 'node:http';
import { Metrics } from '@crm/platform';
import type { RiskMonitorWorker } from '@crm/risk';

/**
 * The standalone monitor's only HTTP surface: `/health/live`, `/health/ready` (with parked
 * clients in the details, like the API's) and `/metrics`. No request data is read.
 */
export const startHealthServer = async (worker: RiskMonitorWorker, port: number, host: string): Promise<Server> => {
  const metrics = new Metrics('crm_risk_monitor_');
  metrics.gauge(
    'crm_risk_parked_clients',
    'Clients whose events the risk monitor holds back after a failure (retried)',
    () => worker.status().parkedClients,
  );
  metrics.counterOf(
    'crm_risk_parked_inputs_total',
    'Risk inputs that failed every try and parked their client (in Kafka mode also sent to the dead-letter topic)',
    () => worker.status().parkedInputs,
  );
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
        const parked = await worker.parkedClients();
        return reply(status.running ? 200 : 503, {
          status: status.running ? 'ok' : 'error',
          details: {
            riskMonitor: {
              ...status,
              parked: parked
                .slice(0, 20)
                .map(({ clientId, held, since, attempts }) => ({ clientId, held, since, attempts })),
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
