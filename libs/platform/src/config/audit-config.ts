import { resolve } from 'node:path';
import { ConfigError, parseBoolean, parseInteger } from './config-parsing';

export type AuditStoreKind = 'sqlite' | 'postgres';

/**
 * The read audit (who read which client, when, why): where the access log lives and how its
 * writes are batched. Every problem names its variable; values are never echoed.
 *
 * | variable            | default                                   | meaning |
 * |---------------------|-------------------------------------------|---------|
 * | AUDIT_STORE         | postgres with DATABASE_URL, else sqlite   | where `access_log` lives |
 * | AUDIT_PATH          | SQLITE_PATH with `.audit.sqlite`          | the SQLite file (never the event store's or the read models') |
 * | AUDIT_FLUSH_MS      | 100                                       | longest an entry waits in memory before its batch is written |
 * | AUDIT_BATCH_SIZE    | 5000, or AUDIT_MAX_BACKLOG if smaller     | entries that trigger a write at once, and the most per transaction |
 * | AUDIT_MAX_BACKLOG   | 100000                                    | unwritten entries at which client reads are refused (503) |
 * | AUDIT_ENABLED       | true                                      | bench/test switch; `false` is refused when NODE_ENV=production |
 */
export type AuditConfig = Readonly<{
  /** false only for benches and tests (compare the read path without the audit); never in production. */
  auditEnabled: boolean;
  auditStore: AuditStoreKind;
  /** The SQLite file of the access log (used when auditStore is sqlite). */
  auditPath: string;
  auditFlushMs: number;
  auditBatchSize: number;
  auditMaxBacklog: number;
}>;

const DEFAULT_AUDIT_BATCH_SIZE = 5_000;

export const loadAuditConfig = (env: NodeJS.ProcessEnv = process.env): AuditConfig => {
  const production = (env.NODE_ENV ?? 'development') === 'production';
  const auditEnabled = parseBoolean('AUDIT_ENABLED', env.AUDIT_ENABLED, true);
  if (!auditEnabled && production) {
    throw new ConfigError(
      'AUDIT_ENABLED',
      'must not be false when NODE_ENV=production (every client read must be audited)',
    );
  }

  const hasDatabase = Boolean(env.DATABASE_URL);
  const auditStore = env.AUDIT_STORE || (hasDatabase ? 'postgres' : 'sqlite');
  if (auditStore !== 'sqlite' && auditStore !== 'postgres')
    throw new ConfigError('AUDIT_STORE', 'must be sqlite or postgres');
  if (auditStore === 'postgres' && !hasDatabase)
    throw new ConfigError('DATABASE_URL', 'is required when AUDIT_STORE=postgres');

  // Derived from SQLITE_PATH like the read-model and risk files, so every process agrees on it.
  const sqlitePath = env.SQLITE_PATH || './data/crm.sqlite';
  const auditPath = resolve(env.AUDIT_PATH || sqlitePath.replace(/(\.sqlite)?$/, '.audit.sqlite'));
  const readModelPath = resolve(env.READ_MODEL_PATH || sqlitePath.replace(/(\.sqlite)?$/, '.read-models.sqlite'));
  // The read-model file is disposable (rebuilt at will) and the event store holds business events:
  // the access log must survive both and stay apart from them.
  if (auditPath === resolve(sqlitePath) || auditPath === readModelPath) {
    throw new ConfigError(
      'AUDIT_PATH',
      'must name a file of its own, not the event store (SQLITE_PATH) or the read models (READ_MODEL_PATH)',
    );
  }

  const auditMaxBacklog = parseInteger('AUDIT_MAX_BACKLOG', env.AUDIT_MAX_BACKLOG, 100_000, 1, 10_000_000);
  // Under list reads (a search records one entry per client listed) the writer runs back to back,
  // and each commit's fsync is paid per batch: 5,000 entries a commit kept a 20,000-client search
  // load free of 503s where 500 did not (docs/benchmarks.md). Capped by the backlog's bound so a
  // small AUDIT_MAX_BACKLOG alone stays a valid configuration.
  const auditBatchSize = parseInteger(
    'AUDIT_BATCH_SIZE',
    env.AUDIT_BATCH_SIZE,
    Math.min(DEFAULT_AUDIT_BATCH_SIZE, auditMaxBacklog),
    1,
    10_000,
  );
  if (auditMaxBacklog < auditBatchSize) throw new ConfigError('AUDIT_MAX_BACKLOG', 'must be at least AUDIT_BATCH_SIZE');

  return {
    auditEnabled,
    auditStore,
    auditPath,
    auditFlushMs: parseInteger('AUDIT_FLUSH_MS', env.AUDIT_FLUSH_MS, 100, 1, 60_000),
    auditBatchSize,
    auditMaxBacklog,
  };
};
