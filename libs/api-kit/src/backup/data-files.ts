import type { AppConfig } from '@crm/platform';
import { idempotencyPathBeside } from '../idempotency/sqlite.idempotency.store';

/** The SQLite files an embedded installation keeps, by what they hold. */
export type DataFileRole = 'read-models' | 'risk-state' | 'idempotency' | 'audit' | 'event-store';

export type DataFile = Readonly<{ role: DataFileRole; path: string }>;

/** Why a backup or restore refuses to start: one line for the operator, naming no secret. */
export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefused';
  }
}

/**
 * Every SQLite file the API (and its embedded workers) may keep, in BACKUP ORDER: the files derived
 * from the events (read models, risk state, idempotency answers) before the event store, so in a
 * backup they can only be behind its events (their projections catch up on restore), never ahead
 * of them (they would then point at positions the restored log does not have). The audit log is
 * independent of the events. The event store file holds the data keys too (`event_data_keys`), so
 * one snapshot of it pairs every event with its key.
 */
export const sqliteDataFiles = (config: AppConfig): DataFile[] => {
  if (config.eventStore !== 'sqlite') {
    throw new BackupRefused(
      `the event store is ${config.eventStore}, not SQLite: back it up with ${
        config.eventStore === 'postgres' ? 'pg_dump' : "EventStoreDB's own tools"
      } as docs/operations.md describes ("Backup on PostgreSQL"), then check a restored copy with npm run store:check`,
    );
  }
  const files: DataFile[] = [];
  if (config.readModelStore === 'sqlite') {
    files.push({ role: 'read-models', path: config.readModelPath });
    files.push({ role: 'risk-state', path: config.riskStatePath });
  }
  files.push({ role: 'idempotency', path: idempotencyPathBeside(config.sqlitePath) });
  if (config.auditStore === 'sqlite') files.push({ role: 'audit', path: config.auditPath });
  files.push({ role: 'event-store', path: config.sqlitePath });
  return files;
};
