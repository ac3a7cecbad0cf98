import type { Server } from 'node:http';
import { INGEST_LEASE, registerIngestMetrics, type IngestWorker } from '@crm/inbound';
import { Metrics, startWorkerHealthServer, type Leadership } from '@crm/platform';

/**
 * The standalone ingest's health and metrics: `/health/ready` says who leads, the lag, outcomes
 * and parked facts. A standby is ready: it is the replica that takes over.
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
  return startWorkerHealthServer(
    metrics,
    async () => {
      const status = worker.status();
      const role = lease();
      return {
        ready: status.running || role?.role === 'standby',
        details: {
          ingest: {
            role: role?.role ?? null,
            leader: role?.holder?.identity ?? null,
            ...status,
            parkedFacts: await worker.parkedCount(),
          },
        },
      };
    },
    port,
    host,
  );
};
