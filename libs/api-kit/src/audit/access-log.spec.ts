import { ApiError, ConfigError, loadConfig, loadAuditConfig } from '@crm/platform';
import { decodeAccessLogCursor, encodeAccessLogCursor, readPurposeHeader } from './access-log';

describe('X-Purpose', () => {
  it('is optional, and stored exactly as sent when valid', () => {
    expect(readPurposeHeader(undefined)).toBeNull();
    expect(readPurposeHeader('KYC periodic review, case #2026-114')).toBe('KYC periodic review, case #2026-114');
    expect(readPurposeHeader('x'.repeat(200))).toHaveLength(200);
    expect(readPurposeHeader('%E5%AE%A2%E6%88%B7')).toBe('%E5%AE%A2%E6%88%B7');
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(201)],
    ['a newline (log forging)', 'review\nINFO forged line'],
    ['a tab', 'a\tb'],
    ['NUL', 'a\u0000b'],
    ['DEL', 'a\u007fb'],
    ['non-ASCII', 'räumen'],
    ['several values', ['a', 'b']],
  ])('refuses %s with a 400 naming X-Purpose, without echoing the value', (_name, value) => {
    let error: unknown;
    try {
      readPurposeHeader(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.errors.map((e) => e.field)).toEqual(['X-Purpose']);
    expect(JSON.stringify(apiError.errors)).not.toContain('forged');
  });
});

describe('access-log cursor', () => {
  const cursor = { at: 1_772_359_200_123, id: '0190a4c2-0000-7000-8000-00000000002a' };

  it('round-trips, and is opaque', () => {
    const text = encodeAccessLogCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAccessLogCursor(text)).toEqual(cursor);
  });

  it.each([
    '',
    'not a cursor',
    'MTIz',
    Buffer.from('12.not-a-uuid').toString('base64url'),
    Buffer.from(`-1.${cursor.id}`).toString('base64url'),
    'x'.repeat(201),
  ])('refuses %j', (text) => expect(decodeAccessLogCursor(text)).toBeNull());
});

describe('audit configuration', () => {
  const failureFor = (env: NodeJS.ProcessEnv): ConfigError => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  it('defaults: on, SQLite in a file of its own beside SQLITE_PATH, 100 ms / 5,000 entries / 100,000 bound', () => {
    const config = loadConfig({ SQLITE_PATH: '/var/crm/crm.sqlite' });
    expect(config).toMatchObject({
      auditEnabled: true,
      auditStore: 'sqlite',
      auditPath: '/var/crm/crm.audit.sqlite',
      auditFlushMs: 100,
      auditBatchSize: 5_000,
      auditMaxBacklog: 100_000,
    });
  });

  it('caps the default batch at a smaller AUDIT_MAX_BACKLOG, which alone stays valid', () => {
    expect(loadConfig({ AUDIT_MAX_BACKLOG: '1000' })).toMatchObject({ auditBatchSize: 1000, auditMaxBacklog: 1000 });
    expect(loadConfig({ AUDIT_MAX_BACKLOG: '20000' })).toMatchObject({
      auditBatchSize: 5_000,
      auditMaxBacklog: 20_000,
    });
  });

  it('follows DATABASE_URL to PostgreSQL, unless AUDIT_STORE says otherwise', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/crm' }).auditStore).toBe('postgres');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/crm', AUDIT_STORE: 'sqlite' }).auditStore).toBe('sqlite');
    expect(
      loadConfig({
        AUDIT_PATH: '/audit/log.sqlite',
        AUDIT_FLUSH_MS: '250',
        AUDIT_BATCH_SIZE: '1000',
        AUDIT_MAX_BACKLOG: '5000',
      }),
    ).toMatchObject({
      auditPath: '/audit/log.sqlite',
      auditFlushMs: 250,
      auditBatchSize: 1000,
      auditMaxBacklog: 5000,
    });
    expect(loadConfig({ AUDIT_ENABLED: 'false' }).auditEnabled).toBe(false);
  });

  it('refuses AUDIT_ENABLED=false in production: every client read must be audited there', () => {
    let error: unknown;
    try {
      loadAuditConfig({ NODE_ENV: 'production', AUDIT_ENABLED: 'false' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('AUDIT_ENABLED');
    expect(loadAuditConfig({ NODE_ENV: 'production' }).auditEnabled).toBe(true);
  });

  it.each([
    [{ AUDIT_ENABLED: 'no' }, 'AUDIT_ENABLED'],
    [{ AUDIT_STORE: 'kafka' }, 'AUDIT_STORE'],
    [{ AUDIT_STORE: 'postgres' }, 'DATABASE_URL'],
    [{ SQLITE_PATH: '/d/crm.sqlite', AUDIT_PATH: '/d/crm.sqlite' }, 'AUDIT_PATH'],
    [{ SQLITE_PATH: '/d/crm.sqlite', AUDIT_PATH: '/d/crm.read-models.sqlite' }, 'AUDIT_PATH'],
    [{ READ_MODEL_PATH: '/d/rm.sqlite', AUDIT_PATH: '/d/rm.sqlite' }, 'AUDIT_PATH'],
    [{ AUDIT_FLUSH_MS: '0' }, 'AUDIT_FLUSH_MS'],
    [{ AUDIT_FLUSH_MS: '1.5' }, 'AUDIT_FLUSH_MS'],
    [{ AUDIT_BATCH_SIZE: '0' }, 'AUDIT_BATCH_SIZE'],
    [{ AUDIT_BATCH_SIZE: '20000' }, 'AUDIT_BATCH_SIZE'],
    [{ AUDIT_MAX_BACKLOG: 'lots' }, 'AUDIT_MAX_BACKLOG'],
    [{ AUDIT_BATCH_SIZE: '1000', AUDIT_MAX_BACKLOG: '999' }, 'AUDIT_MAX_BACKLOG'],
  ])('rejects %j naming %s', (env, variable) => {
    const error = failureFor(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });
});
