export * from './event-log-record';
export * from './event-log-table';
export * from './event-log-transfer';
export * from './open-event-log-table';
export { SqliteEventLogTable } from './sqlite.event-log-table';
export { PostgresEventLogTable } from './postgres.event-log-table';
