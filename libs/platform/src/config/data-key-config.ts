import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config-parsing';

/**
 * Where the master key that wraps every client's data key comes from (crypto-shredding, see
 * docs/security.md): `DATA_KEY_SECRET` (at least 32 bytes) or `DATA_KEY_FILE` (a file whose content,
 * at least 32 bytes, is the secret; one trailing newline is ignored), never both. The
 * `DATA_KEY_PREVIOUS_*` pair names the master key being rotated away from, while
 * `npm run data-keys:rotate` re-wraps the keys it wrapped.
 *
 * Production demands one of them. Elsewhere a fixed development secret is used when neither is set,
 * so data written during the tour stays readable after a restart; production refuses that secret.
 * Values are never echoed in errors, only variable names.
 */
export type DataKeyConfig = Readonly<{
  dataKeySecret: string | null;
  /** Absolute path. */
  dataKeyFile: string | null;
  dataKeyPreviousSecret: string | null;
  dataKeyPreviousFile: string | null;
}>;

/** Used only outside production when neither DATA_KEY_SECRET nor DATA_KEY_FILE is set. */
export const DEV_DATA_KEY_SECRET = 'crm-dev-only-data-key-never-use-in-production-0123456789';

const MIN_BYTES = 32;

const checkSecret = (variable: string, value: string | null, production: boolean): string | null => {
  if (value === null) return null;
  if (Buffer.byteLength(value, 'utf8') < MIN_BYTES)
    throw new ConfigError(variable, `must be at least ${MIN_BYTES} bytes`);
  if (production && value === DEV_DATA_KEY_SECRET)
    throw new ConfigError(variable, 'must not be the development key when NODE_ENV=production');
  return value;
};

/** Checks the file can be read and holds enough bytes, without keeping (or echoing) its content. */
const checkFile = (variable: string, raw: string | null): string | null => {
  if (raw === null) return null;
  const path = resolve(raw);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new ConfigError(variable, 'names a file that cannot be read');
  }
  try {
    if (!fstatSync(fd).isFile()) throw new ConfigError(variable, 'must name a regular file');
    const probe = Buffer.alloc(MIN_BYTES + 2);
    let length = readSync(fd, probe, 0, probe.length, 0);
    // A trailing newline is not part of the secret.
    if (length <= MIN_BYTES + 1) {
      if (length > 0 && probe[length - 1] === 0x0a) length -= 1;
      if (length > 0 && probe[length - 1] === 0x0d) length -= 1;
    }
    if (length < MIN_BYTES) throw new ConfigError(variable, `must name a file of at least ${MIN_BYTES} bytes`);
    return path;
  } finally {
    closeSync(fd);
  }
};

const exclusive = (secretVariable: string, fileVariable: string, secret: string | null, file: string | null): void => {
  if (secret !== null && file !== null)
    throw new ConfigError(secretVariable, `and ${fileVariable} are exclusive: set one of them`);
};

export const loadDataKeyConfig = (env: NodeJS.ProcessEnv = process.env): DataKeyConfig => {
  const production = (env.NODE_ENV ?? 'development') === 'production';
  const secret = checkSecret('DATA_KEY_SECRET', env.DATA_KEY_SECRET || null, production);
  const file = checkFile('DATA_KEY_FILE', env.DATA_KEY_FILE || null);
  exclusive('DATA_KEY_SECRET', 'DATA_KEY_FILE', secret, file);
  if (secret === null && file === null && production) {
    throw new ConfigError('DATA_KEY_SECRET', 'or DATA_KEY_FILE is required when NODE_ENV=production');
  }
  const previousSecret = checkSecret('DATA_KEY_PREVIOUS_SECRET', env.DATA_KEY_PREVIOUS_SECRET || null, production);
  const previousFile = checkFile('DATA_KEY_PREVIOUS_FILE', env.DATA_KEY_PREVIOUS_FILE || null);
  exclusive('DATA_KEY_PREVIOUS_SECRET', 'DATA_KEY_PREVIOUS_FILE', previousSecret, previousFile);
  return {
    dataKeySecret: secret ?? (file === null ? DEV_DATA_KEY_SECRET : null),
    dataKeyFile: file,
    dataKeyPreviousSecret: previousSecret,
    dataKeyPreviousFile: previousFile,
  };
};
