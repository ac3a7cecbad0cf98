import type { Metrics } from '@crm/platform';
import type { IngestWorker } from './ingest.worker';

/** The ingest's series, read from the worker at each scrape: the same in apps/ingest and the API. */
export const registerIngestMetrics = (metrics: Metrics, worker: IngestWorker): void => {
  metrics.counterOfBy(
    'crm_ingest_facts_total',
    'Inbound facts by outcome (applied, duplicate, dead-lettered, parked); a parked fact counts again when it is applied or dead-lettered',
    'outcome',
    () => new Map(Object.entries(worker.status().outcomes)),
  );
  metrics.gauge(
    'crm_ingest_consumer_lag',
    'Records of crm.inbound.client-facts.v1 not yet handled, over the partitions this process reads (at its last fetch)',
    () => worker.status().lag,
  );
  metrics.gauge('crm_ingest_parked_facts', 'Facts held for clients the CRM does not know yet (retried)', () =>
    worker.parkedCount(),
  );
};
