import { Inject, Injectable, Optional } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { RelayWorker } from '@crm/messaging';
import { Leadership, Metrics, type LeadershipStatus } from '@crm/platform';
import { ProjectionRunner } from '@crm/read-models';
import { RiskMonitorWorker } from '@crm/risk';
import { IngestWorker, registerIngestMetrics } from '@crm/inbound';

/** How far the log, the projection and the in-process workers have got, read at each scrape. */
@Injectable()
export class WorkerMetrics {
  constructor(
    metrics: Metrics,
    projector: ProjectionRunner,
    @Inject(EVENT_STORE) store: EventStore,
    @Optional() relay?: RelayWorker,
    @Optional() riskMonitor?: RiskMonitorWorker,
    @Optional() leadership?: Leadership,
    @Optional() ingest?: IngestWorker,
  ) {
    metrics.gauge('crm_event_store_head_position', 'Position of the newest event in the global log', async () =>
      Number(await store.headPosition()),
    );
    metrics.gauge(
      'crm_projection_checkpoint_position',
      'Position the client read models projection has committed in this process',
      () => Number(projector.checkpoint()),
    );
    if (relay !== undefined) {
      metrics.gauge(
        'crm_relay_checkpoint_position',
        'Position of the last event the relay had acknowledged by Kafka',
        () => Number(relay.status().checkpoint),
      );
      metrics.gauge('crm_relay_kafka_unreachable', '1 while Kafka does not acknowledge the relay, else 0', () =>
        relay.status().lastError === null ? 0 : 1,
      );
    }
    if (leadership !== undefined) {
      const byWorker = (read: (status: LeadershipStatus) => number) => () =>
        new Map(leadership.statuses().map((status) => [status.worker, read(status)]));
      metrics.gaugeBy(
        'crm_worker_leader',
        'Whether this process runs the worker (holds its lease): 1 leader, 0 standby',
        'worker',
        byWorker((status) => (status.role === 'leader' ? 1 : 0)),
      );
      metrics.counterOfBy(
        'crm_worker_leadership_changes_total',
        "Times this process took or gave up the worker's lease",
        'worker',
        byWorker((status) => status.changes),
      );
    }
    if (ingest !== undefined) registerIngestMetrics(metrics, ingest);
    if (riskMonitor !== undefined) {
      metrics.gauge(
        'crm_risk_parked_clients',
        'Clients whose events the risk monitor holds back after a failure (retried)',
        () => riskMonitor.status().parkedClients,
      );
      metrics.counterOf(
        'crm_risk_parked_inputs_total',
        'Risk inputs that failed every try and parked their client (in Kafka mode also sent to the dead-letter topic)',
        () => riskMonitor.status().parkedInputs,
      );
      metrics.gauge(
        'crm_risk_monitor_checkpoint_position',
        "Position of the last event the risk monitor handled from the store's log (0 when it reads Kafka)",
        () => Number(riskMonitor.status().checkpoint ?? 0),
      );
    }
  }
}
