export * from './access-log';
export * from './audit.store';
export * from './audit-writer';
export * from './sqlite.audit.store';
export * from './postgres.audit.store';
export * from './open-audit-store';
export * from './access-log-ids';
