import type { Server } from 'node:http';
import { Metrics, startWorkerHealthServer, type Leadership } from '@crm/platform';
import { RISK_MONITOR_LEASE, type RiskMonitorWorker } from '@crm/risk';

/**
 * The standalone monitor's health and metrics: `/health/ready` has the parked clients in its
 * details, like the API's, and who leads. A standby is ready: it is the replica that takes over.
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
  return startWorkerHealthServer(
    metrics,
    async () => {
      const status = worker.status();
      const parked = await worker.parkedClients();
      const role = lease();
      return {
        ready: status.running || role?.role === 'standby',
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
      };
    },
    port,
    host,
  );
};
