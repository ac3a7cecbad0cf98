import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Counter, Gauge } from 'prom-client';
import { AuditWriter, Metrics } from '@crm/platform';

/**
 * The audit's series on the app's Prometheus registry (looked up once everything is built, as the
 * alert feed does: `Metrics` belongs to the app module). Alert on `crm_audit_saturated == 1`
 * (client reads are being refused) and on a rising `crm_audit_write_failures_total`.
 */
@Injectable()
export class AuditMetrics implements OnModuleInit {
  private refused: Counter | null = null;
  private refusedTotal = 0;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly writer: AuditWriter,
  ) {}

  /** Client reads refused because the audit backlog is at its bound, since start. */
  get refusedReads(): number {
    return this.refusedTotal;
  }

  refusedRead(): void {
    this.refusedTotal += 1;
    this.refused?.inc();
  }

  onModuleInit(): void {
    let metrics: Metrics;
    try {
      metrics = this.moduleRef.get(Metrics, { strict: false });
    } catch {
      return;
    }
    const writer = this.writer;
    const registers = [metrics.registry];
    this.refused = new Counter({
      name: 'crm_audit_refused_reads_total',
      help: 'Client reads refused with 503 because the access-log backlog was at AUDIT_MAX_BACKLOG',
      registers,
    });
    new Gauge({
      name: 'crm_audit_backlog_entries',
      help: 'Access-log entries recorded but not yet written',
      registers,
      collect() {
        this.set(writer.stats.backlog);
      },
    });
    new Gauge({
      name: 'crm_audit_saturated',
      help: '1 while the access-log backlog is at its bound (client reads are refused), else 0',
      registers,
      collect() {
        this.set(writer.saturated ? 1 : 0);
      },
    });
    const counterOf = (name: string, help: string, read: () => number) => {
      let seen = 0;
      new Counter({
        name,
        help,
        registers,
        collect() {
          const now = read();
          if (now > seen) this.inc(now - seen);
          seen = now;
        },
      });
    };
    counterOf('crm_audit_written_entries_total', 'Access-log entries written', () => writer.stats.written);
    counterOf('crm_audit_write_failures_total', 'Access-log batch writes that failed (and were retried)', () => writer.stats.failedWrites);
    counterOf('crm_audit_lost_entries_total', 'Access-log entries never written (left after shutdown gave up)', () => writer.stats.lost);
  }
}
