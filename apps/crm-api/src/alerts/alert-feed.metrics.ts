import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Counter, Gauge } from 'prom-client';
import { Metrics } from '@crm/platform';
import { AlertFeed } from './alert-feed';
import type { DropReason } from './alert-feed.connection';

/**
 * The feed's series on the app's Prometheus registry: open connections, and clients dropped for
 * falling behind. The registry's `Metrics` belongs to the app module, which this module cannot
 * import, so it is looked up once everything is built; without one (a bare test app) nothing is
 * recorded but the local count. The series keep their published `crm_alert_stream_` names
 * (docs/glossary.md, alert feed).
 */
@Injectable()
export class AlertFeedMetrics implements OnModuleInit {
  private counter: Counter<'reason'> | null = null;
  private total = 0;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly feed: AlertFeed,
  ) {}

  /** Clients dropped since start, whatever the reason. */
  get dropped(): number {
    return this.total;
  }

  onModuleInit(): void {
    let metrics: Metrics;
    try {
      metrics = this.moduleRef.get(Metrics, { strict: false });
    } catch {
      return;
    }
    this.counter = new Counter({
      name: 'crm_alert_stream_dropped_total',
      help: 'Alert feed clients dropped for falling behind (slow_client) or taking nothing (stalled)',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
    const feed = this.feed;
    new Gauge({
      name: 'crm_alert_stream_connections',
      help: 'Open alert feed connections (live or catching up)',
      registers: [metrics.registry],
      collect() {
        this.set(feed.connections);
      },
    });
  }

  droppedClient(reason: DropReason): void {
    this.total += 1;
    this.counter?.inc({ reason });
  }
}
