import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { AuditWriter } from '@crm/api-kit';
import { Metrics } from '@crm/platform';

/**
 * The read audit's series. Alert on `crm_audit_saturated == 1` (client reads are being refused) and
 * on a rising `crm_audit_write_failures_total`.
 */
@Injectable()
export class AuditMetrics {
  private readonly refused: Counter;
  private refusedTotal = 0;

  constructor(metrics: Metrics, writer: AuditWriter) {
    this.refused = metrics.counter(
      'crm_audit_refused_reads_total',
      'Client reads refused with 503 because the access-log backlog was at AUDIT_MAX_BACKLOG',
    );
    metrics.gauge(
      'crm_audit_backlog_entries',
      'Access-log entries recorded but not yet written',
      () => writer.stats.backlog,
    );
    metrics.gauge(
      'crm_audit_saturated',
      '1 while the access-log backlog is at its bound (client reads are refused), else 0',
      () => (writer.saturated ? 1 : 0),
    );
    metrics.counterOf('crm_audit_written_entries_total', 'Access-log entries written', () => writer.stats.written);
    metrics.counterOf(
      'crm_audit_write_failures_total',
      'Access-log batch writes that failed (and were retried)',
      () => writer.stats.failedWrites,
    );
    metrics.counterOf(
      'crm_audit_lost_entries_total',
      'Access-log entries never written (left after shutdown gave up)',
      () => writer.stats.lost,
    );
  }

  /** Client reads refused because the audit backlog is at its bound, since start. */
  get refusedReads(): number {
    return this.refusedTotal;
  }

  refusedRead(): void {
    this.refusedTotal += 1;
    this.refused.inc();
  }
}
