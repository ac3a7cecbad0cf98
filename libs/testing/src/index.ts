export * from './decider-spec';
export * from './event-store.contract';
export * from './api-harness';
export * from './process-harness';
