import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { Metrics } from '@crm/platform';
import { AlertFeed } from './alert-feed';
import type { DropReason } from './alert-feed.connection';

/**
 * The feed's series: open connections, and clients dropped for falling behind. The series keep
 * their published `crm_alert_stream_` names (docs/glossary.md, alert feed).
 */
@Injectable()
export class AlertFeedMetrics {
  private readonly counter: Counter<'reason'>;
  private readonly refused: Counter<'scope'>;
  private total = 0;

  constructor(metrics: Metrics, feed: AlertFeed) {
    this.counter = metrics.counter(
      'crm_alert_stream_dropped_total',
      'Alert feed clients dropped for falling behind (slow_client) or taking nothing (stalled)',
      ['reason'] as const,
    );
    this.refused = metrics.counter(
      'crm_alert_stream_refused_total',
      'Alert feed connections refused with 429: the user (scope user) or the process (scope total) at its cap',
      ['scope'] as const,
    );
    metrics.gauge(
      'crm_alert_stream_connections',
      'Open alert feed connections (live or catching up)',
      () => feed.connections,
    );
  }

  /** Clients dropped since start, whatever the reason. */
  get dropped(): number {
    return this.total;
  }

  refusedClient(scope: 'user' | 'total'): void {
    this.refused.inc({ scope });
  }

  droppedClient(reason: DropReason): void {
    this.total += 1;
    this.counter.inc({ reason });
  }
}
