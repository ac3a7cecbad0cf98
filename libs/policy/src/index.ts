export * from './principal';
export * from './client-scope';
export * from './access-policy';
export * from './client-team-access';
export * from './personal-data-masking';
export * from './service-scopes';
export * from './credit-change.policy';
