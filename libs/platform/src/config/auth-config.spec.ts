import { ConfigError } from './config-parsing';
import { loadAuthConfig } from './auth-config';

const failureFor = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadAuthConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadAuthConfig', () => {
  it('defaults: HS256 only, 30 s of clock tolerance, a generous rate limit', () => {
    expect(loadAuthConfig({})).toEqual({
      jwtJwksUrl: null,
      jwtIssuer: null,
      jwtAudience: null,
      jwtClockToleranceSeconds: 30,
      rateLimitPerMinute: 6000,
    });
  });

  it('reads a JWKS, issuer, audiences, tolerance and limit', () => {
    expect(
      loadAuthConfig({
        JWT_JWKS_URL: 'https://idp.bank.example/.well-known/jwks.json',
        AUTH_DEV_TOKENS: 'false',
        JWT_ISSUER: 'https://idp.bank.example/',
        JWT_AUDIENCE: 'crm-api, crm-batch',
        JWT_CLOCK_TOLERANCE_SECONDS: '5',
        RATE_LIMIT_PER_MINUTE: '0',
      }),
    ).toEqual({
      jwtJwksUrl: 'https://idp.bank.example/.well-known/jwks.json',
      jwtIssuer: 'https://idp.bank.example/',
      jwtAudience: ['crm-api', 'crm-batch'],
      jwtClockToleranceSeconds: 5,
      rateLimitPerMinute: 0,
    });
  });

  it('allows a plain-http JWKS on this host only', () => {
    expect(loadAuthConfig({ JWT_JWKS_URL: 'http://127.0.0.1:8080/jwks', AUTH_DEV_TOKENS: 'false' }).jwtJwksUrl).toBe(
      'http://127.0.0.1:8080/jwks',
    );
    expect(loadAuthConfig({ JWT_JWKS_URL: 'http://localhost/jwks', NODE_ENV: 'production' }).jwtJwksUrl).toBe(
      'http://localhost/jwks',
    );
  });

  it.each([
    [{ JWT_JWKS_URL: 'http://idp.bank.example/jwks', AUTH_DEV_TOKENS: 'false' }, 'JWT_JWKS_URL'],
    [{ JWT_JWKS_URL: 'not a url', AUTH_DEV_TOKENS: 'false' }, 'JWT_JWKS_URL'],
    [{ JWT_JWKS_URL: 'ftp://idp/jwks', AUTH_DEV_TOKENS: 'false' }, 'JWT_JWKS_URL'],
    [{ JWT_JWKS_URL: 'https://user:hunter2@idp/jwks', AUTH_DEV_TOKENS: 'false' }, 'JWT_JWKS_URL'],
    // Development tokens are on by default outside production, and are HS256.
    [{ JWT_JWKS_URL: 'https://idp/jwks' }, 'JWT_JWKS_URL'],
    [{ JWT_ISSUER: 'has space' }, 'JWT_ISSUER'],
    [{ JWT_AUDIENCE: 'a,,b' }, 'JWT_AUDIENCE'],
    [{ JWT_CLOCK_TOLERANCE_SECONDS: '3600' }, 'JWT_CLOCK_TOLERANCE_SECONDS'],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, 'RATE_LIMIT_PER_MINUTE'],
  ])('rejects %j naming %s', (env, variable) => {
    const error = failureFor(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('never echoes a rejected value', () => {
    expect(
      failureFor({ JWT_JWKS_URL: 'https://user:hunter2@idp/jwks', AUTH_DEV_TOKENS: 'false' }).message,
    ).not.toContain('hunter2');
    expect(failureFor({ JWT_ISSUER: 'hunter2 x' }).message).not.toContain('hunter2');
  });
});
