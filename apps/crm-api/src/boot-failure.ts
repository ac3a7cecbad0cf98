import { ConfigError, type AppConfig } from '@crm/platform';

/** node-postgres and Node's socket errors that mean "no database there", by code. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** PostgreSQL refusing the login or the database (SQLSTATE 28xxx, 3D000). */
const REFUSED_LOGIN = /^28/;

type Located = Pick<AppConfig, 'port' | 'host' | 'eventStore' | 'databaseUrl'>;

/** `host:port` of DATABASE_URL, never its user or password. */
const databaseAddress = (url: string | null): string => {
  if (url === null) return 'DATABASE_URL';
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    return 'DATABASE_URL';
  }
};

/**
 * The one line the API prints when it cannot start: what failed and what to do next, for the
 * failures an operator meets on a first start (configuration, database, port, data key). Never a
 * stack, a secret or a password; an unknown failure gives its message, which for the files read
 * at boot names the file.
 */
export const bootFailureLine = (error: unknown, config: Located | null): string => {
  if (error instanceof ConfigError) return `${error.message} (see the configuration table in README.md)`;
  const { code, name, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  const text = typeof message === 'string' ? message : String(error);
  if (code === 'EADDRINUSE' && config !== null) {
    return `crm api cannot listen on ${config.host}:${config.port}: the port is in use; stop what listens there or set PORT`;
  }
  if (code === 'EADDRNOTAVAIL' && config !== null) {
    return `crm api cannot listen on ${config.host}:${config.port}: no such address on this machine; set HOST`;
  }
  if (
    typeof code === 'string' &&
    config !== null &&
    (UNREACHABLE.has(code) || REFUSED_LOGIN.test(code) || code === '3D000')
  ) {
    const why = UNREACHABLE.has(code) ? `does not answer (${code})` : 'refuses the login or the database';
    return `crm api cannot reach PostgreSQL at ${databaseAddress(config.databaseUrl)}: it ${why}; check DATABASE_URL and that the server runs`;
  }
  if (name === 'DataKeyError') {
    return (
      'crm api cannot read the stored data keys: they were wrapped with another master key than ' +
      'DATA_KEY_SECRET / DATA_KEY_FILE give; start with the key they were written with, or give ' +
      'that one as DATA_KEY_PREVIOUS_SECRET and run npm run data-keys:rotate (docs/security.md)'
    );
  }
  return `crm api failed to start: ${text.split('\n')[0]}`;
};
