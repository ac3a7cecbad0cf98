import { createServer, type Server } from 'node:http';
import { Metrics, type Leadership } from '@crm/platform';
import { RISK_MONITOR_LEASE, type RiskMonitorWorker } from '@crm/risk';

/**
 * The standalone monitor's only HTTP surface: `/health/live`, `/health/ready` (with parked
 * clients in the details, like the API's, and who leads) and `/metrics`. No request data is read.
 * A standby is ready: it is the replica that takes over.
 */
export const startHealthServer = async (
  worker: RiskMonitorWorker,
  leadership: Leadership,
  port: number,
  host: string,
): Promise<Server> => {
  const metrics = new Metrics('crm_risk_monitor_');
  const lease = () => leadership.get(RISK_MONITOR_LEASE)?.status();
  metrics.gauge('crm_worker_leader', 'Whether this process runs the risk monitor (holds its lease): 1 or 0', () =>
    lease()?.role === 'leader' ? 1 : 0,
  );
  metrics.counterOf(
    'crm_worker_leadership_changes_total',
    "Times this process took or gave up the risk monitor's lease",
    () => lease()?.changes ?? 0,
  );
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
        const role = lease();
        const ready = status.running || role?.role === 'standby';
        return reply(ready ? 200 : 503, {
          status: ready ? 'ok' : 'error',
          details: {
            riskMonitor: {
              role: role?.role ?? null,
              leader: role?.holder?.identity ?? null,
              since: role?.holder?.since ?? null,
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
