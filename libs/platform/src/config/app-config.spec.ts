import { ConfigError, DEV_JWT_SECRET, loadConfig } from './app-config';

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
    expect(config.sqlitePath).toMatch(/data\/crm\.sqlite$/);
    expect(config.readModelPath).toMatch(/data\/crm\.read-models\.sqlite$/);
    expect(config.authDevTokens).toBe(true);
    expect(config.jwtSecret).toBe(DEV_JWT_SECRET);
    expect(config.durableCommits).toBe(true);
    expect(config.workers).toEqual(['projector']);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ EVENT_STORE: 'mongo' }, 'EVENT_STORE'],
    [{ AUTH_DEV_TOKENS: 'yes' }, 'AUTH_DEV_TOKENS'],
    [{ NODE_ENV: 'production', AUTH_DEV_TOKENS: 'true', JWT_SECRET: 'x'.repeat(32) }, 'AUTH_DEV_TOKENS'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ WORKERS: 'projector,relay-x' }, 'WORKERS'],
  ])('rejects %j naming %s', (env, variable) => {
    const error = failureFor(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('never echoes a rejected secret', () => {
    expect(failureFor({ JWT_SECRET: 'hunter2' }).message).not.toContain('hunter2');
  });

  it('turns dev tokens off in production and takes the given secret', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40) });
    expect(config.authDevTokens).toBe(false);
    expect(config.jwtSecret).toBe('s'.repeat(40));
  });

  it('accepts WORKERS=none', () => {
    expect(loadConfig({ WORKERS: 'none' }).workers).toEqual([]);
  });
});
