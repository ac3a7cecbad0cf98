import { Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, MetricsModule, type AppConfig } from '@crm/platform';
import { AUDIT_STORE, AuditWriter, openAuditStore, type AuditStore } from '@crm/api-kit';
import { AccessLogController } from './access-log.http.controller';
import { AuditMetrics } from './audit.metrics';
import { ReadAuditGuard } from './read-audit.guard';

/**
 * The read audit: who read which client, when, why. A global guard checks `X-Purpose` and refuses
 * client reads while the audit cannot keep up (ReadAuditGuard); a hook the app registers records
 * every client a successful read returned (registerReadAuditRecording, see client-reads.ts) into
 * an append-only access log kept apart from the business events (its own SQLite file, or
 * `access_log` in PostgreSQL), through a batching writer, so a read never waits for the audit.
 * `GET /v1/clients/:id/access-log` serves it to the dpo. Tuned by the AUDIT_* variables
 * (audit-config.ts).
 *
 * On shutdown the writer is flushed after the HTTP server has closed (onApplicationShutdown runs
 * after the server stops taking requests), then its store is closed: a clean stop loses nothing.
 */
@Module({
  imports: [MetricsModule],
  controllers: [AccessLogController],
  providers: [
    { provide: AUDIT_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => openAuditStore(config) },
    {
      provide: AuditWriter,
      inject: [AUDIT_STORE, APP_CONFIG],
      useFactory: (store: AuditStore, config: AppConfig) =>
        new AuditWriter(store, {
          flushMs: config.auditFlushMs,
          batchSize: config.auditBatchSize,
          maxBacklog: config.auditMaxBacklog,
          logger: new Logger('ReadAudit'),
        }),
    },
    AuditMetrics,
    // After AuthModule's guards (modules register theirs in import order): authentication first.
    { provide: APP_GUARD, useClass: ReadAuditGuard },
  ],
  // Readiness reports a saturated audit as a degradation.
  exports: [AuditWriter],
})
export class AuditModule implements OnApplicationShutdown {
  constructor(
    private readonly writer: AuditWriter,
    @Inject(AUDIT_STORE) private readonly store: AuditStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.writer.close();
    } finally {
      await this.store.close();
    }
  }
}
