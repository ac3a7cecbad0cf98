import { Logger } from '@nestjs/common';
import type { AppConfig } from '@crm/platform';
import type { AuditStore } from './audit.store';
import { PostgresAuditStore } from './postgres.audit.store';
import { SqliteAuditStore } from './sqlite.audit.store';

export type AuditStoreLocation = Pick<
  AppConfig,
  'auditStore' | 'auditPath' | 'databaseUrl' | 'databaseSchema' | 'durableCommits'
>;

/**
 * PostgreSQL (`<DATABASE_SCHEMA>.access_log`) when the deployment has a database, so every API
 * process writes one log; else a SQLite file of its own (AUDIT_PATH). Never the read-model
 * database, which is disposable, and never the event store's tables.
 */
export const openAuditStore = async (config: AuditStoreLocation): Promise<AuditStore> => {
  if (config.auditStore === 'postgres') {
    if (config.databaseUrl === null) throw new Error('audit configuration was not validated');
    return PostgresAuditStore.open({ connectionString: config.databaseUrl, schema: config.databaseSchema });
  }
  const store = new SqliteAuditStore(config.auditPath, { durable: config.durableCommits });
  if (store.moved > 0) {
    new Logger('ReadAudit').log(`audit: moved ${store.moved} access-log entries to the file's new tables`);
  }
  return store;
};
