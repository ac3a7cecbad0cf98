import { resolve } from 'node:path';
import { isSchemaName } from '../identifiers/schema-name';
import { logFormatOf } from '../logging/console-destination';
import { ConfigError, parseBoolean, parseInteger } from './config-parsing';
import { loadKafkaConfig, type KafkaConfig } from './kafka-config';
import { loadRiskConfig, type RiskConfig } from './risk-config';
import { loadComplaintConfig, type ComplaintConfig } from './complaint-config';
import { loadSatisfactionConfig, type SatisfactionConfig } from './satisfaction-config';
import { loadDepartmentsConfig, type DepartmentsConfig } from './departments-config';
import { loadServiceLevelConfig, type ServiceLevelConfig } from './service-level-config';
import { loadIngestConfig, type IngestConfig } from './ingest-config';
import { loadAuthConfig, type AuthConfig } from './auth-config';
import { loadAuditConfig, type AuditConfig } from './audit-config';
import { loadDataKeyConfig, type DataKeyConfig } from './data-key-config';
import { loadBankTimeConfig, type BankTimeConfig } from './bank-time-config';
import { loadMemoryConfig, type MemoryConfig } from './memory-config';
import { loadLeaseConfig, type LeaseConfig } from './lease-config';
import { loadTracingConfig, type TracingConfig } from '../tracing/tracing-config';
import { loadConsoleConfig, type ConsoleConfig } from './console-config';

export { ConfigError, parseBoolean, parseInteger } from './config-parsing';
export * from './kafka-config';
export * from './risk-config';
export * from './ingest-config';
export * from './auth-config';
export * from './audit-config';
export * from './data-key-config';
export * from './bank-time-config';
export * from './memory-config';
export * from './lease-config';
export * from './satisfaction-config';
export * from './departments-config';
export * from './service-level-config';

/** `relay` and `ingest` run only when KAFKA_BROKERS is set. */
export type WorkerName = 'projector' | 'relay' | 'risk-monitor' | 'ingest';
export const WORKER_NAMES: readonly WorkerName[] = ['projector', 'relay', 'risk-monitor', 'ingest'];

export const EVENT_STORE_KINDS = ['sqlite', 'postgres', 'eventstoredb'] as const;
export type EventStoreKind = (typeof EVENT_STORE_KINDS)[number];
export type ReadModelStoreKind = 'sqlite' | 'postgres';

/**
 * Process configuration, validated once at boot. Every problem names its variable so an operator
 * can fix it from the one-line message; values themselves are never echoed (they may be secrets).
 */
export type AppConfig = KafkaConfig &
  MemoryConfig &
  LeaseConfig &
  RiskConfig &
  ComplaintConfig &
  SatisfactionConfig &
  DepartmentsConfig &
  ServiceLevelConfig &
  IngestConfig &
  AuthConfig &
  AuditConfig &
  DataKeyConfig &
  BankTimeConfig &
  TracingConfig &
  ConsoleConfig &
  Readonly<{
    nodeEnv: string;
    port: number;
    host: string;
    eventStore: EventStoreKind;
    /** Where the read models (and, without a relational event store, idempotency answers) live. */
    readModelStore: ReadModelStoreKind;
    sqlitePath: string;
    readModelPath: string;
    /** PostgreSQL connection (a secret: never logged or echoed). */
    databaseUrl: string | null;
    /** PostgreSQL schema holding the event store and read-model tables. */
    databaseSchema: string;
    eventStoreDbUrl: string | null;
    /** true = `synchronous=FULL`: an acknowledged command survives a power cut. */
    durableCommits: boolean;
    workers: readonly WorkerName[];
    jwtSecret: string;
    authDevTokens: boolean;
    logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    /** Longest a query with `minPosition` waits for the projection. */
    readYourWritesTimeoutMs: number;
    /** MiB of client views read into the page cache at start, before /health/ready (0: no warm-up). */
    readWarmUpMiB: number;
  }>;

/** Used only when dev tokens are on and no secret is given, so the tour works after a restart. */
export const DEV_JWT_SECRET = 'crm-dev-only-secret-never-use-in-production-0123456789';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const parseWorkers = (raw: string | undefined): readonly WorkerName[] => {
  if (raw === undefined || raw === '' || raw === 'all') return WORKER_NAMES;
  if (raw === 'none') return [];
  const names = raw.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(WORKER_NAMES as readonly string[]).includes(name)) {
      throw new ConfigError('WORKERS', `must be all, none or a comma-separated list of: ${WORKER_NAMES.join(', ')}`);
    }
  }
  return names as WorkerName[];
};

/** What every process needs to reach the store and the read models; shared by all apps. */
export type StorageConfig = Pick<
  AppConfig,
  | 'eventStore'
  | 'readModelStore'
  | 'sqlitePath'
  | 'readModelPath'
  | 'databaseUrl'
  | 'databaseSchema'
  | 'eventStoreDbUrl'
  | 'durableCommits'
  | 'logLevel'
> &
  // Every process that opens the store encrypts and decrypts personal fields with the same keys,
  // and reads the log in the bank's time (old past-due reports are dated by it).
  DataKeyConfig &
  BankTimeConfig &
  // How much of the log and of the store's pages a process holds: every process that projects or opens SQLite.
  MemoryConfig &
  // Every process that may run a singleton worker (projector, relay, risk monitor) competes for its lease.
  LeaseConfig;

export const loadStorageConfig = (env: NodeJS.ProcessEnv = process.env): StorageConfig => {
  const eventStore = env.EVENT_STORE || 'sqlite';
  if (!(EVENT_STORE_KINDS as readonly string[]).includes(eventStore)) {
    throw new ConfigError('EVENT_STORE', `must be one of ${EVENT_STORE_KINDS.join(', ')}`);
  }

  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\/[^\s]+$/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  if (eventStore === 'postgres' && databaseUrl === null)
    throw new ConfigError('DATABASE_URL', 'is required when EVENT_STORE=postgres');

  const eventStoreDbUrl = env.EVENTSTOREDB_URL || null;
  if (eventStoreDbUrl !== null && !/^esdb(\+discover)?:\/\/[^\s]+$/.test(eventStoreDbUrl)) {
    throw new ConfigError('EVENTSTOREDB_URL', 'must be an esdb:// or esdb+discover:// connection string');
  }
  if (eventStore === 'eventstoredb' && eventStoreDbUrl === null) {
    throw new ConfigError('EVENTSTOREDB_URL', 'is required when EVENT_STORE=eventstoredb');
  }

  const databaseSchema = env.DATABASE_SCHEMA || 'crm';
  if (!isSchemaName(databaseSchema)) {
    throw new ConfigError('DATABASE_SCHEMA', 'must be a lower-case SQL identifier (letters, digits, _)');
  }

  // Read models follow the relational database when there is one, else stay in a SQLite file.
  const readModelStore = env.READ_MODEL_STORE || (databaseUrl !== null ? 'postgres' : 'sqlite');
  if (readModelStore !== 'sqlite' && readModelStore !== 'postgres') {
    throw new ConfigError('READ_MODEL_STORE', 'must be sqlite or postgres');
  }
  if (readModelStore === 'postgres' && databaseUrl === null) {
    throw new ConfigError('DATABASE_URL', 'is required when READ_MODEL_STORE=postgres');
  }

  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  // Read where the loggers are made (consoleDestination); checked here so a bad value stops the boot.
  logFormatOf(env);

  const sqlitePath = env.SQLITE_PATH || './data/crm.sqlite';
  return {
    eventStore: eventStore as EventStoreKind,
    readModelStore,
    databaseUrl,
    databaseSchema,
    eventStoreDbUrl,
    sqlitePath: resolve(sqlitePath),
    // Derived from SQLITE_PATH so the API and a separate projector agree on the file by default.
    readModelPath: resolve(env.READ_MODEL_PATH || sqlitePath.replace(/(\.sqlite)?$/, '.read-models.sqlite')),
    durableCommits: parseBoolean('SQLITE_DURABLE', env.SQLITE_DURABLE, true),
    logLevel: logLevel as AppConfig['logLevel'],
    ...loadDataKeyConfig(env),
    ...loadBankTimeConfig(env),
    ...loadMemoryConfig(env),
    ...loadLeaseConfig(env),
  };
};

/**
 * Where to listen. With development tokens on, anyone who reaches the port can mint an admin token,
 * so the default is loopback only; without them there is no safe guess (a container needs
 * 0.0.0.0, a host behind a proxy 127.0.0.1), so it must be said.
 */
const parseHost = (host: string | undefined, authDevTokens: boolean): string => {
  if (host === undefined || host === '') {
    if (authDevTokens) return '127.0.0.1';
    throw new ConfigError(
      'HOST',
      'is required when development tokens are off (HOST=0.0.0.0 listens on every interface)',
    );
  }
  if (!/^[A-Za-z0-9.:_-]{1,253}$/.test(host)) throw new ConfigError('HOST', 'must be a host name or an IP address');
  return host;
};

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): AppConfig => {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const storage = loadStorageConfig(env);

  const authDevTokens = parseBoolean('AUTH_DEV_TOKENS', env.AUTH_DEV_TOKENS, !production);
  if (authDevTokens && production)
    throw new ConfigError('AUTH_DEV_TOKENS', 'must not be true when NODE_ENV=production');

  const jwtSecret = env.JWT_SECRET ?? '';
  // With a JWKS the keys are the identity provider's; a shared secret is then never used.
  const jwks = Boolean(env.JWT_JWKS_URL);
  if (jwtSecret === '' && !authDevTokens && !jwks) {
    throw new ConfigError('JWT_SECRET', 'is required unless AUTH_DEV_TOKENS=true or JWT_JWKS_URL is set');
  }
  if (jwtSecret !== '' && Buffer.byteLength(jwtSecret, 'utf8') < 32)
    throw new ConfigError('JWT_SECRET', 'must be at least 32 bytes');

  return {
    ...storage,
    ...loadKafkaConfig(env),
    ...loadRiskConfig(env),
    ...loadComplaintConfig(env),
    ...loadSatisfactionConfig(env),
    ...loadDepartmentsConfig(env),
    ...loadServiceLevelConfig(env),
    ...loadIngestConfig(env),
    ...loadAuthConfig(env),
    ...loadAuditConfig(env),
    ...loadDataKeyConfig(env),
    ...loadTracingConfig(env, 'crm-api'),
    ...loadConsoleConfig(env),
    nodeEnv,
    port: parseInteger('PORT', env.PORT, 3000, 0, 65535),
    host: parseHost(env.HOST, authDevTokens),
    workers: parseWorkers(env.WORKERS),
    jwtSecret: jwtSecret || DEV_JWT_SECRET,
    authDevTokens,
    readYourWritesTimeoutMs: parseInteger(
      'READ_YOUR_WRITES_TIMEOUT_MS',
      env.READ_YOUR_WRITES_TIMEOUT_MS,
      5000,
      0,
      60000,
    ),
    readWarmUpMiB: parseInteger('READ_WARM_UP_MB', env.READ_WARM_UP_MB, 512, 0, 65536),
  };
};
