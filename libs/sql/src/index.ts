export * from './advisory-locks';
export * from './identifiers';
export * from './pg-transaction';
export * from './sqlite-connection';
export * from './pg-pool';
export * from './leases/postgres.lease';
export * from './leases/sqlite.lease';
export * from './leases/lease-opener';
