import { Pool, type PoolConfig } from 'pg';

/** How long a new connection may take before the statement waiting for it fails as unavailable. */
export const PG_CONNECT_TIMEOUT_MS = 5_000;

/**
 * A node-postgres pool that survives its database going away. An idle connection the server
 * closes (a restart, `pg_terminate_backend`, a failover) emits `error` on the pool, and an
 * unheard `error` event ends the process: the API would die with the database instead of
 * answering 503 until it returns. The pool drops such a connection by itself and the next
 * statement connects afresh, so the event needs a listener and nothing more. A connection that
 * cannot be made fails after PG_CONNECT_TIMEOUT_MS rather than hanging a request on a black-holed
 * host; keep-alive notices a peer that vanished without closing.
 */
export const openPool = (config: PoolConfig): Pool => {
  const pool = new Pool({ connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, keepAlive: true, ...config });
  pool.on('error', () => undefined);
  return pool;
};
