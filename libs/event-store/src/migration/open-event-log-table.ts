import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventStoreModuleOptions } from '../nest/event-store.module';
import type { EventLogTable } from './event-log-table';
import { PostgresEventLogTable } from './postgres.event-log-table';
import { SqliteEventLogTable } from './sqlite.event-log-table';

/** Refused by the export and import: EventStoreDB keeps its own log, with positions it assigns. */
export class UnsupportedStoreError extends Error {
  constructor(operation: string) {
    super(
      `${operation} works on the SQLite and PostgreSQL stores; EventStoreDB assigns its own positions and is backed up with its own tools`,
    );
    this.name = 'UnsupportedStoreError';
  }
}

/** The raw log and key ring of the configured store (see EventLogTable). */
export const openEventLogTable = async (
  options: EventStoreModuleOptions,
  operation: string,
): Promise<EventLogTable> => {
  switch (options.kind) {
    case 'sqlite':
      mkdirSync(dirname(options.path), { recursive: true });
      return SqliteEventLogTable.open(options.path);
    case 'postgres':
      return PostgresEventLogTable.open({ connectionString: options.connectionString, schema: options.schema });
    case 'eventstoredb':
      throw new UnsupportedStoreError(operation);
  }
};
