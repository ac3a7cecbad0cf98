import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEV_DATA_KEY_SECRET, loadDataKeyConfig } from '@crm/platform';
import { dataKeyOptions } from './event-store-options';

const SECRET = 'a-production-master-secret-of-40-bytes!!';

describe('data key configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-data-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const failure = (env: NodeJS.ProcessEnv): ConfigError => {
    try {
      loadDataKeyConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  it('uses the fixed development key outside production when nothing is set', () => {
    expect(dataKeyOptions(loadDataKeyConfig({}))).toEqual({ master: { secret: DEV_DATA_KEY_SECRET } });
  });

  it('demands DATA_KEY_SECRET or DATA_KEY_FILE in production', () => {
    expect(failure({ NODE_ENV: 'production' }).message).toBe(
      'invalid configuration: DATA_KEY_SECRET or DATA_KEY_FILE is required when NODE_ENV=production',
    );
    expect(dataKeyOptions(loadDataKeyConfig({ NODE_ENV: 'production', DATA_KEY_SECRET: SECRET }))).toEqual({
      master: { secret: SECRET },
    });
  });

  it('refuses a short secret, and the development key in production, without echoing either', () => {
    const short = failure({ DATA_KEY_SECRET: 'too-short-secret' });
    expect(short.variable).toBe('DATA_KEY_SECRET');
    expect(short.message).not.toContain('too-short');
    const dev = failure({ NODE_ENV: 'production', DATA_KEY_SECRET: DEV_DATA_KEY_SECRET });
    expect(dev.message).not.toContain(DEV_DATA_KEY_SECRET);
    // Bytes, not characters: 11 CJK characters are 33 bytes.
    expect(loadDataKeyConfig({ DATA_KEY_SECRET: '密钥密钥密钥密钥密钥密' }).dataKeySecret).toBe(
      '密钥密钥密钥密钥密钥密',
    );
  });

  it('reads a key file: readable, at least 32 bytes (a trailing newline does not count)', () => {
    const file = join(dir, 'master.key');
    writeFileSync(file, `${'k'.repeat(32)}\n`);
    expect(dataKeyOptions(loadDataKeyConfig({ NODE_ENV: 'production', DATA_KEY_FILE: file }))).toEqual({
      master: { file },
    });
    writeFileSync(file, `${'k'.repeat(31)}\n`);
    expect(failure({ DATA_KEY_FILE: file }).message).toBe(
      'invalid configuration: DATA_KEY_FILE must name a file of at least 32 bytes',
    );
    expect(failure({ DATA_KEY_FILE: join(dir, 'missing') }).message).toBe(
      'invalid configuration: DATA_KEY_FILE names a file that cannot be read',
    );
    expect(failure({ DATA_KEY_FILE: dir }).variable).toBe('DATA_KEY_FILE');
  });

  it('refuses both a secret and a file', () => {
    const file = join(dir, 'master.key');
    writeFileSync(file, 'k'.repeat(40));
    expect(failure({ DATA_KEY_SECRET: SECRET, DATA_KEY_FILE: file }).message).toContain('exclusive');
  });

  it('passes a previous master key on for rotation', () => {
    const previous = 'the-previous-master-secret-of-40-bytes!!';
    expect(dataKeyOptions(loadDataKeyConfig({ DATA_KEY_SECRET: SECRET, DATA_KEY_PREVIOUS_SECRET: previous }))).toEqual({
      master: { secret: SECRET },
      previous: [{ secret: previous }],
    });
    expect(failure({ DATA_KEY_SECRET: SECRET, DATA_KEY_PREVIOUS_SECRET: 'short' }).variable).toBe(
      'DATA_KEY_PREVIOUS_SECRET',
    );
  });
});
