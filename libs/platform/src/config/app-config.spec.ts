import { ConfigError, DEV_JWT_SECRET, loadConfig, loadStorageConfig } from './app-config';

const failureFor = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('gives the embedded defaults with no variables set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.eventStore).toBe('sqlite');
    expect(config.readModelStore).toBe('sqlite');
    expect(config.databaseUrl).toBeNull();
    expect(config.sqlitePath).toMatch(/data\/crm\.sqlite$/);
    expect(config.readModelPath).toMatch(/data\/crm\.read-models\.sqlite$/);
    expect(config.authDevTokens).toBe(true);
    expect(config.jwtSecret).toBe(DEV_JWT_SECRET);
    expect(config.durableCommits).toBe(true);
    expect(config.workers).toEqual(['projector', 'relay', 'risk-monitor', 'ingest']);
    expect(config.riskRulesFile).toBeNull();
    expect(config.riskStatePath).toMatch(/data\/crm\.risk\.sqlite$/);
    expect(config.kafkaBrokers).toBeNull();
    expect(config.leasePollIntervalMs).toBe(1000);
    expect(config.leaseCheckTimeoutMs).toBe(2000);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ EVENT_STORE: 'mongo' }, 'EVENT_STORE'],
    [{ EVENT_STORE: 'postgres' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ EVENT_STORE: 'eventstoredb' }, 'EVENTSTOREDB_URL'],
    [{ EVENTSTOREDB_URL: 'http://x' }, 'EVENTSTOREDB_URL'],
    [{ DATABASE_SCHEMA: 'Robert"); DROP' }, 'DATABASE_SCHEMA'],
    [{ READ_MODEL_STORE: 'postgres' }, 'DATABASE_URL'],
    [{ READ_MODEL_STORE: 'redis' }, 'READ_MODEL_STORE'],
    [{ AUTH_DEV_TOKENS: 'yes' }, 'AUTH_DEV_TOKENS'],
    [
      { NODE_ENV: 'production', AUTH_DEV_TOKENS: 'true', JWT_SECRET: 'x'.repeat(32), DATA_KEY_SECRET: 'd'.repeat(32) },
      'AUTH_DEV_TOKENS',
    ],
    [{ NODE_ENV: 'production', DATA_KEY_SECRET: 'd'.repeat(32) }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, 'DATA_KEY_SECRET'],
    [{ DATA_KEY_SECRET: 'short' }, 'DATA_KEY_SECRET'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ WORKERS: 'projector,relay-x' }, 'WORKERS'],
    [{ KAFKA_BROKERS: 'localhost' }, 'KAFKA_BROKERS'],
    [{ KAFKA_BROKERS: '127.0.0.1:9092,evil host:1' }, 'KAFKA_BROKERS'],
    [{ KAFKA_TOPIC_PARTITIONS: '0' }, 'KAFKA_TOPIC_PARTITIONS'],
    [{ KAFKA_CLIENT_ID: 'a b' }, 'KAFKA_CLIENT_ID'],
    [{ KAFKA_TOPIC_PREFIX: 'uat/' }, 'KAFKA_TOPIC_PREFIX'],
    [{ KAFKA_PUBLISH_SUPERSEDED: 'PaymentPastDue.v1' }, 'KAFKA_PUBLISH_SUPERSEDED'],
    [{ RISK_SWEEP_INTERVAL_MS: '-1' }, 'RISK_SWEEP_INTERVAL_MS'],
    [{ RISK_PARKED_RETRY_MS: '10' }, 'RISK_PARKED_RETRY_MS'],
    [{ LEASE_POLL_INTERVAL_MS: '50' }, 'LEASE_POLL_INTERVAL_MS'],
    [{ LEASE_CHECK_TIMEOUT_MS: 'soon' }, 'LEASE_CHECK_TIMEOUT_MS'],
  ])('rejects %j naming %s', (env, variable) => {
    const error = failureFor(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('never echoes a rejected secret', () => {
    expect(failureFor({ JWT_SECRET: 'hunter2' }).message).not.toContain('hunter2');
    expect(failureFor({ DATABASE_URL: 'mysql://admin:hunter2@db' }).message).not.toContain('hunter2');
  });

  it('puts read models on PostgreSQL when a database is configured', () => {
    const config = loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/crm' });
    expect(config).toMatchObject({ eventStore: 'postgres', readModelStore: 'postgres', databaseSchema: 'crm' });
    expect(
      loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTOREDB_URL: 'esdb://localhost:2113?tls=false' }),
    ).toMatchObject({
      eventStore: 'eventstoredb',
      readModelStore: 'sqlite',
    });
  });

  it('turns dev tokens off in production and takes the given secret', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 's'.repeat(40),
      DATA_KEY_SECRET: 'd'.repeat(40),
      HOST: '0.0.0.0',
    });
    expect(config.authDevTokens).toBe(false);
    expect(config.jwtSecret).toBe('s'.repeat(40));
  });

  it('listens on loopback while development tokens are on, and needs HOST said otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    const production = { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), DATA_KEY_SECRET: 'd'.repeat(40) };
    expect(() => loadConfig(production)).toThrow(
      /^invalid configuration: HOST is required when development tokens are off/,
    );
    expect(() => loadConfig({ HOST: 'evil host' })).toThrow(/HOST must be a host name or an IP address/);
  });

  it('takes a broker list and the relay settings', () => {
    expect(
      loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092, kafka-2.bank.internal:9093', KAFKA_TOPIC_PARTITIONS: '24' }),
    ).toMatchObject({
      kafkaBrokers: ['127.0.0.1:9092', 'kafka-2.bank.internal:9093'],
      kafkaTopicPartitions: 24,
      relayBatchSize: 1000,
      kafkaPublishSuperseded: [],
    });
    expect(loadConfig({ KAFKA_PUBLISH_SUPERSEDED: ' bank.crm.PaymentPastDue.v1 ,' }).kafkaPublishSuperseded).toEqual([
      'bank.crm.PaymentPastDue.v1',
    ]);
    expect(loadConfig({ WORKERS: 'relay' }).workers).toEqual(['relay']);
  });

  it('accepts WORKERS=none', () => {
    expect(loadConfig({ WORKERS: 'none' }).workers).toEqual([]);
  });

  it('takes the lease timings, and gives them to every process that opens the store', () => {
    const env = { LEASE_POLL_INTERVAL_MS: '500', LEASE_CHECK_TIMEOUT_MS: '1500' };
    expect(loadConfig(env)).toMatchObject({ leasePollIntervalMs: 500, leaseCheckTimeoutMs: 1500 });
    expect(loadStorageConfig(env)).toMatchObject({ leasePollIntervalMs: 500, leaseCheckTimeoutMs: 1500 });
  });
});

describe('bank time zone', () => {
  it('defaults to Asia/Shanghai and takes any IANA zone', () => {
    expect(loadStorageConfig({}).bankTimeZone).toBe('Asia/Shanghai');
    expect(loadStorageConfig({ BANK_TIME_ZONE: 'Europe/Paris' }).bankTimeZone).toBe('Europe/Paris');
  });

  it('refuses an unknown zone, naming the variable', () => {
    expect(() => loadStorageConfig({ BANK_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      'invalid configuration: BANK_TIME_ZONE must be an IANA time zone name such as Asia/Shanghai',
    );
  });
});
