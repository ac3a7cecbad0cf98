import { Controller, Get, Header, Inject, Optional } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Gauge } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { Metrics, Public } from '@crm/platform';
import { RelayWorker } from '@crm/messaging';
import { ProjectionRunner } from '@crm/read-models';
import { RiskMonitorWorker } from '@crm/risk';

/**
 * Prometheus scrape endpoint (`/metrics`, outside `/v1`). Open like health: it holds counts and
 * durations only; restrict it at the network edge where that matters.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly projector: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() relay?: RelayWorker,
    @Optional() riskMonitor?: RiskMonitorWorker,
  ) {
    const head = () => this.store.headPosition();
    new Gauge({
      name: 'crm_event_store_head_position',
      help: 'Position of the newest event in the global log',
      registers: [metrics.registry],
      async collect() {
        this.set(Number(await head()));
      },
    });
    const checkpoint = () => this.projector.checkpoint();
    new Gauge({
      name: 'crm_projection_checkpoint_position',
      help: 'Position the client read models projection has committed in this process',
      registers: [metrics.registry],
      collect() {
        this.set(Number(checkpoint()));
      },
    });
    if (relay !== undefined) {
      new Gauge({
        name: 'crm_relay_checkpoint_position',
        help: 'Position of the last event the relay had acknowledged by Kafka',
        registers: [metrics.registry],
        collect() {
          this.set(Number(relay.status().checkpoint));
        },
      });
      new Gauge({
        name: 'crm_relay_kafka_unreachable',
        help: '1 while Kafka does not acknowledge the relay, else 0',
        registers: [metrics.registry],
        collect() {
          this.set(relay.status().lastError === null ? 0 : 1);
        },
      });
    }
    if (riskMonitor !== undefined) {
      new Gauge({
        name: 'crm_risk_parked_clients',
        help: 'Clients whose events the risk monitor holds back after a failure (retried)',
        registers: [metrics.registry],
        collect() {
          this.set(riskMonitor.status().parkedClients);
        },
      });
    }
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
