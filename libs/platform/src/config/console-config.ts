import { ConfigError } from './config-parsing';

/**
 * How the web console signs people in when development tokens are off: an OpenID Connect
 * authorization-code flow with PKCE against the bank's identity provider. The console is a public
 * client (no secret); the issuer must also be the one whose tokens the API accepts.
 */
export type ConsoleConfig = Readonly<{
  consoleOidc: Readonly<{ issuer: string; clientId: string; scope: string }> | null;
}>;

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,200}$/;

export const loadConsoleConfig = (env: NodeJS.ProcessEnv = process.env): ConsoleConfig => {
  const issuer = env.CONSOLE_OIDC_ISSUER?.trim() ?? '';
  const clientId = env.CONSOLE_OIDC_CLIENT_ID?.trim() ?? '';
  if (issuer === '' && clientId === '') return { consoleOidc: null };
  if (issuer === '') throw new ConfigError('CONSOLE_OIDC_ISSUER', 'is required when CONSOLE_OIDC_CLIENT_ID is set');
  if (!CLIENT_ID.test(clientId)) {
    throw new ConfigError(
      'CONSOLE_OIDC_CLIENT_ID',
      'must be 1-200 letters, digits, dots, colons, dashes or underscores',
    );
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ConfigError('CONSOLE_OIDC_ISSUER', 'must be an absolute https URL');
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) {
    throw new ConfigError('CONSOLE_OIDC_ISSUER', 'must be an absolute https URL');
  }
  const scope = env.CONSOLE_OIDC_SCOPE?.trim() || 'openid';
  return { consoleOidc: { issuer: url.href.replace(/\/$/, ''), clientId, scope } };
};
