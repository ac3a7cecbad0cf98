import { ConfigError } from './config-parsing';
import { loadConsoleConfig } from './console-config';

describe('loadConsoleConfig (the console’s sign-in at the identity provider)', () => {
  it('has no identity provider unless both issuer and client id are given', () => {
    expect(loadConsoleConfig({})).toEqual({ consoleOidc: null });
  });

  it('reads issuer, client id and scope, the issuer without a trailing slash', () => {
    expect(
      loadConsoleConfig({
        CONSOLE_OIDC_ISSUER: 'https://sso.bank.example/realms/staff/',
        CONSOLE_OIDC_CLIENT_ID: 'crm-console',
        CONSOLE_OIDC_SCOPE: 'openid crm',
      }),
    ).toEqual({
      consoleOidc: { issuer: 'https://sso.bank.example/realms/staff', clientId: 'crm-console', scope: 'openid crm' },
    });
  });

  it.each([
    [{ CONSOLE_OIDC_CLIENT_ID: 'crm-console' }, 'CONSOLE_OIDC_ISSUER'],
    [{ CONSOLE_OIDC_ISSUER: 'http://sso.bank.example', CONSOLE_OIDC_CLIENT_ID: 'c' }, 'CONSOLE_OIDC_ISSUER'],
    [{ CONSOLE_OIDC_ISSUER: 'not a url', CONSOLE_OIDC_CLIENT_ID: 'c' }, 'CONSOLE_OIDC_ISSUER'],
    [{ CONSOLE_OIDC_ISSUER: 'https://sso.bank.example' }, 'CONSOLE_OIDC_CLIENT_ID'],
  ])('refuses %p, naming %s', (env, variable) => {
    expect(() => loadConsoleConfig(env)).toThrow(ConfigError);
    expect(() => loadConsoleConfig(env)).toThrow(variable);
  });

  it('allows plain http only on loopback, for a provider run beside the tests', () => {
    expect(
      loadConsoleConfig({ CONSOLE_OIDC_ISSUER: 'http://127.0.0.1:8080', CONSOLE_OIDC_CLIENT_ID: 'c' }).consoleOidc
        ?.issuer,
    ).toBe('http://127.0.0.1:8080');
  });
});
