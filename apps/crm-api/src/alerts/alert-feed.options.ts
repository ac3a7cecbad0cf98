import { parseInteger } from '@crm/platform';

export const ALERT_FEED_OPTIONS = Symbol('ALERT_FEED_OPTIONS');

/** Tuning of `GET /v1/alerts/stream`. Every limit is per connection but the two connection caps. */
export type AlertFeedOptions = Readonly<{
  /** Open connections one user may hold in this process, and all users together; beyond either, 429. */
  maxConnectionsPerUser: number;
  maxConnections: number;
  /** A `: heartbeat` comment this often keeps proxies and load balancers from closing an idle connection. */
  heartbeatMs: number;
  /**
   * A client that falls this many messages (or bytes) behind is dropped rather than buffered
   * without bound; it reconnects with Last-Event-ID and catches up from the store.
   */
  maxQueuedEvents: number;
  maxQueuedBytes: number;
  /** A client that has not taken any of its backlog for this long is dropped too. */
  stallTimeoutMs: number;
  /**
   * Events read from the store per catch-up page and per batch of the live subscription; capped at
   * half of maxQueuedEvents, since a whole batch reaches every connection at once.
   */
  pageSize: number;
}>;

export const DEFAULT_ALERT_FEED_OPTIONS: AlertFeedOptions = {
  maxConnectionsPerUser: 20,
  maxConnections: 5_000,
  heartbeatMs: 15_000,
  maxQueuedEvents: 1_000,
  maxQueuedBytes: 1024 * 1024,
  stallTimeoutMs: 60_000,
  pageSize: 500,
};

/**
 * The feed's own variables, read when the module starts and validated like the platform config
 * (each problem names its variable, never its value). None is needed: the defaults above apply.
 * They keep their published `ALERT_STREAM_` names (docs/glossary.md, alert feed).
 */
export const alertFeedOptionsFromEnv = (env: NodeJS.ProcessEnv): AlertFeedOptions => {
  const d = DEFAULT_ALERT_FEED_OPTIONS;
  return {
    maxConnectionsPerUser: parseInteger(
      'ALERT_STREAM_MAX_CONNECTIONS_PER_USER',
      env.ALERT_STREAM_MAX_CONNECTIONS_PER_USER,
      d.maxConnectionsPerUser,
      1,
      100_000,
    ),
    maxConnections: parseInteger(
      'ALERT_STREAM_MAX_CONNECTIONS',
      env.ALERT_STREAM_MAX_CONNECTIONS,
      d.maxConnections,
      1,
      1_000_000,
    ),
    heartbeatMs: parseInteger('ALERT_STREAM_HEARTBEAT_MS', env.ALERT_STREAM_HEARTBEAT_MS, d.heartbeatMs, 50, 300_000),
    maxQueuedEvents: parseInteger(
      'ALERT_STREAM_MAX_QUEUED_EVENTS',
      env.ALERT_STREAM_MAX_QUEUED_EVENTS,
      d.maxQueuedEvents,
      1,
      1_000_000,
    ),
    maxQueuedBytes: parseInteger(
      'ALERT_STREAM_MAX_QUEUED_BYTES',
      env.ALERT_STREAM_MAX_QUEUED_BYTES,
      d.maxQueuedBytes,
      1024,
      256 * 1024 * 1024,
    ),
    stallTimeoutMs: parseInteger(
      'ALERT_STREAM_STALL_TIMEOUT_MS',
      env.ALERT_STREAM_STALL_TIMEOUT_MS,
      d.stallTimeoutMs,
      100,
      3_600_000,
    ),
    pageSize: parseInteger('ALERT_STREAM_PAGE_SIZE', env.ALERT_STREAM_PAGE_SIZE, d.pageSize, 1, 10_000),
  };
};
