export * from './advisory-locks';
export * from './identifiers';
export * from './pg-transaction';
export * from './sqlite-connection';
export * from './pg-pool';
