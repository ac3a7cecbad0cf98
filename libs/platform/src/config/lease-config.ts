import { parseInteger } from './config-parsing';

/** How the replicas of a deployment agree on which one runs each singleton worker. */
export type LeaseConfig = Readonly<{
  /** How often a standby tries a worker's lease and its holder confirms it still holds it. */
  leasePollIntervalMs: number;
  /** Longest a lease check may take before the holder steps down (its database does not answer). */
  leaseCheckTimeoutMs: number;
}>;

export const loadLeaseConfig = (env: NodeJS.ProcessEnv = process.env): LeaseConfig => ({
  leasePollIntervalMs: parseInteger('LEASE_POLL_INTERVAL_MS', env.LEASE_POLL_INTERVAL_MS, 1000, 100, 60_000),
  leaseCheckTimeoutMs: parseInteger('LEASE_CHECK_TIMEOUT_MS', env.LEASE_CHECK_TIMEOUT_MS, 2000, 100, 60_000),
});
