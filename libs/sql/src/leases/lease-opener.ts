import {
  processIdentity,
  type LeadershipLogger,
  type LeadershipOptions,
  type LeaseOpener,
  type StorageConfig,
} from '@crm/platform';
import { PostgresLease } from './postgres.lease';
import { SqliteLease } from './sqlite.lease';

/**
 * Where a deployment's replicas meet to elect each worker's leader: its PostgreSQL database when it
 * has one (the replicas share it, whatever the event store), else lock files beside the SQLite store
 * (replicas on one host sharing the embedded SQLite files).
 */
export const leaseOpenerFor = (
  config: Pick<StorageConfig, 'databaseUrl' | 'databaseSchema' | 'sqlitePath'>,
  identity: string = processIdentity(),
): LeaseOpener => {
  const { databaseUrl } = config;
  if (databaseUrl !== null) {
    return (name) =>
      new PostgresLease(name, { connectionString: databaseUrl, schema: config.databaseSchema, identity });
  }
  // Beside the store, named after it: crm.sqlite → crm.relay.lease.sqlite.
  const stem = config.sqlitePath.replace(/\.sqlite$/, '');
  return (name) => new SqliteLease(name, { stem, identity });
};

/** The process's Leadership settings from its validated configuration. */
export const leadershipOptionsFor = (
  config: Pick<
    StorageConfig,
    'databaseUrl' | 'databaseSchema' | 'sqlitePath' | 'leasePollIntervalMs' | 'leaseCheckTimeoutMs'
  >,
  logger: LeadershipLogger,
): LeadershipOptions => ({
  opener: leaseOpenerFor(config),
  pollIntervalMs: config.leasePollIntervalMs,
  checkTimeoutMs: config.leaseCheckTimeoutMs,
  logger,
});
