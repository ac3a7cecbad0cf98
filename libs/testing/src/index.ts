export * from './decider-spec';
export * from './event-store.contract';
export * from './api-harness';
export * from './process-harness';
export * from './client-event-mix';
export * from './recorded-events';
export * from './postgres-test-database';
export * from './read-model-store.contract';
